// The Copilot API simulator: the public surface for tests, the CLI, the demo and the benchmarks.
export * from './state.ts';
export * from './model.ts';
export * from './model-enterprise.ts';
export { registerPull, repoOf, type PullInput } from './repos.ts';
export {
  startSimulator,
  ROUTES,
  type Simulator,
  type SimulatorOptions,
  type LoggedRequest,
  ENTERPRISE_SCOPES,
} from './server.ts';
export { ENTERPRISE_TEAM_DELETE_ACCEPTED } from './routes-enterprise.ts';
export { serveSimulator, type ServeOptions } from './serve.ts';
export { prng, type ScriptedFault, type ScriptedRewrite, type FaultKind } from './faults.ts';
export type { SimStats } from './router.ts';
export { generateOrg, type GenerateOptions } from './generate.ts';
