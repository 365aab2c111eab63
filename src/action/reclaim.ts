// The reclaim mode of the action: idle users proposed for removal in one pull request.
import { computePlan } from '../modes/plan.ts';
import { removeUsers } from '../config/edit.ts';
import { closeReclaimPulls, syncReclaimPull } from '../github/reclaim-pr.ts';
import { buildContext } from '../plan/context.ts';
import { reclaimCandidates } from '../plan/reclaim.ts';
import { RECLAIM_BRANCH, reclaimTitle, renderReclaimBody } from '../render/reclaim.ts';
import { idleBars, sourcePie } from '../render/charts.ts';
import { out, repoPath, scrubbed, seatsFileAtHead, writeSummary, type Run } from './shell.ts';

/**
 * A `reclaim` run: the users of seats.yaml idle for `policy.inactive_days` are removed from the
 * file as it is on the default branch's head, in one pull request from RECLAIM_BRANCH, opened once
 * and updated by later runs; closed when nobody is idle any more. Seats change only when a human
 * merges it (the apply after the merge). Writes need contents: write and pull-requests: write.
 */
export async function reclaimMode(r: Run): Promise<void> {
  const repo = r.ctx.repo;
  const path = repoPath(r.inputs.config);
  const base = r.ctx.defaultBranch ?? (r.ctx.ref.startsWith('refs/heads/') ? r.ctx.ref.slice(11) : '');
  if (!repo || path === null || base === '') {
    out.setFailed(
      'copilot-seats: reclaim needs the repository, its default branch and a seats file inside the workspace: run it in a workflow of the repository that holds seats.yaml',
    );
    return;
  }
  if (r.desired.policy.inactiveDays === undefined) {
    out.setFailed(
      'copilot-seats: reclaim needs policy.inactive_days in seats.yaml (e.g. inactive_days: 60): nothing is idle without it',
    );
    return;
  }
  const head = await seatsFileAtHead(r, repo, base, path, 'reclaim');
  if (!head) return;
  const { text, desired } = head;
  const { live, plan } = await computePlan(r.seats, desired, r.now, { progress: (line) => out.info(line) });
  const proposal = reclaimCandidates(buildContext(desired, live.seats, r.now), desired.policy);
  const edit = removeUsers(text, new Set(proposal.remove.map((c) => c.key)), path);
  for (const k of edit.kept) out.warning(`${k.login} is idle but stays in ${path}: ${k.why}`);
  const removed = new Set(edit.removed.map((l) => l.toLowerCase()));
  const shown = { ...proposal, remove: proposal.remove.filter((c) => removed.has(c.key)) };
  if (shown.remove.length === 0) {
    const note = `Nobody in \`${desired.scope.name}\` is idle for ${proposal.inactiveDays} days any more (${r.now.toISOString()}). Closing.`;
    const closed = r.inputs.dryRun ? [] : await closeReclaimPulls(r.repoClient, repo, RECLAIM_BRANCH, note);
    out.info(
      closed.length > 0
        ? `copilot-seats: nothing is idle; closed the reclaim pull request #${closed.join(', #')}`
        : 'copilot-seats: nothing is idle; no reclaim pull request to open',
    );
    await writeSummary(`### Copilot seats reclaim for \`${desired.scope.name}\`\n\nNothing is idle.\n`);
    return;
  }
  const body = scrubbed(
    renderReclaimBody(shown, {
      org: desired.scope.name,
      file: path,
      seatPrice: plan.cost.seatPrice,
      now: r.now.toISOString(),
      kept: edit.kept,
      ...(desired.policy.reclaimNotice ? { notice: desired.policy.reclaimNotice } : {}),
      ...(desired.policy.idleSignal ? { idleSignal: desired.policy.idleSignal } : {}),
      ...(r.ctx.runUrl ? { runUrl: r.ctx.runUrl } : {}),
      ...(plan.census
        ? {
            charts: [sourcePie(plan.census, plan.scope.kind), idleBars(plan.census)].filter(
              (c) => c !== null,
            ),
          }
        : {}),
    }),
  );
  await writeSummary(body);
  if (r.inputs.dryRun) {
    out.info(`copilot-seats: dry run: would propose removing ${edit.removed.join(', ')}`);
    return;
  }
  const result = await syncReclaimPull(r.repoClient, repo, {
    branch: RECLAIM_BRANCH,
    base,
    path,
    text: edit.text,
    title: reclaimTitle(shown, desired.scope.name),
    body,
  });
  if (result.action === 'kept') {
    out.warning(`The reclaim pull request was not updated: ${result.reason}`);
    return;
  }
  out.setOutput('reclaim-pr', String(result.number));
  out.info(`copilot-seats: reclaim pull request #${result.number} ${result.action} (${result.url})`);
}
