// Small Mermaid charts for the drift issue and the job summary, which GitHub renders from
// ```mermaid blocks: seats by source (pie), the idle distribution (bar) and the trend of the last
// runs (line). Nothing from the org goes in: only fixed labels and numbers, so no login, slug or
// reason can break out of a chart or inject Mermaid directives.
import { IDLE_BUCKETS, type ScopeKind, type SeatCensus } from '../plan/types.ts';
import type { HistoryPoint } from './history.ts';

/** A count Mermaid reads: a finite, non-negative number (anything else shows as 0). */
function num(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '0';
  return String(Math.round(n * 100) / 100);
}

function block(lines: string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n');
}

/**
 * The pie's slices, in this order, with their fixed labels. What a "team" and an "outside" source
 * are depends on the scope: an org's teams and the enterprise's teams, or the enterprise's teams
 * and its organizations.
 */
export function sourceLabels(scope: ScopeKind = 'org'): [keyof SeatCensus['bySource'], string][] {
  return [
    ['direct', 'Direct'],
    ['team', scope === 'org' ? 'Org team' : 'Enterprise team'],
    ['outside', scope === 'org' ? 'Enterprise team' : 'Organization'],
    ['pending', 'Pending cancellation'],
    ['unassigned', 'No assignee'],
  ];
}

/** Seats by source; slices of 0 are left out (Mermaid draws them as slivers). Null with no seats. */
export function sourcePie(census: SeatCensus, scope: ScopeKind = 'org'): string | null {
  const slices = sourceLabels(scope).filter(([k]) => census.bySource[k] > 0);
  if (slices.length === 0) return null;
  const total = slices.reduce((n, [k]) => n + census.bySource[k], 0);
  return block([
    'pie showData',
    `    title Seats by source (${num(total)})`,
    ...slices.map(([k, label]) => `    "${label}" : ${num(census.bySource[k])}`),
  ]);
}

/** Active seats by days since their last activity. Null with no active seats. */
export function idleBars(census: SeatCensus): string | null {
  const total = census.idle.reduce((n, c) => n + c, 0);
  if (total === 0) return null;
  const max = Math.max(...census.idle);
  return block([
    'xychart-beta',
    `    title "Active seats by days since last activity (${num(total)})"`,
    `    x-axis [${IDLE_BUCKETS.map((b) => `"${b} days"`).join(', ')}]`,
    `    y-axis "Seats" 0 --> ${num(max + 1)}`,
    `    bar [${census.idle.map(num).join(', ')}]`,
  ]);
}

/** `MM-DD`: 30 full dates do not fit under a chart. */
function day(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : '?';
}

function line(title: string, axis: string, dates: string[], values: number[]): string {
  const max = Math.max(...values);
  return block([
    'xychart-beta',
    `    title "${title}"`,
    `    x-axis [${dates.map((d) => `"${day(d)}"`).join(', ')}]`,
    `    y-axis "${axis}" 0 --> ${num(Math.ceil(max * 1.1) + 1)}`,
    `    line [${values.map(num).join(', ')}]`,
  ]);
}

/** Active seats and monthly cost over the last runs; none with fewer than two points. */
export function trendLines(history: readonly HistoryPoint[]): string[] {
  if (history.length < 2) return [];
  const dates = history.map((p) => p.date);
  const first = history[0]?.date ?? '';
  const last = history.at(-1)?.date ?? '';
  const span = `${day(first)} to ${day(last)}, ${history.length} runs`;
  return [
    line(
      `Active seats (${span})`,
      'Seats',
      dates,
      history.map((p) => p.active),
    ),
    line(
      `Monthly cost in USD (${span})`,
      'USD',
      dates,
      history.map((p) => p.cost),
    ),
  ];
}

/** The charts of a drift report: what there is to draw, in reading order. */
export function renderCharts(
  census: SeatCensus | undefined,
  history: readonly HistoryPoint[],
  scope: ScopeKind = 'org',
): string[] {
  const charts = census ? [sourcePie(census, scope), idleBars(census)] : [];
  return [...charts, ...trendLines(history)].filter((c): c is string => c !== null);
}
