// run(): read the inputs, pick the mode, set outputs or the failure. The only file that uses
// @actions/core's process state.
import * as core from '@actions/core';

export async function run(): Promise<void> {
  core.setFailed('copilot-seats: the action is not implemented yet');
}
