/**
 * Accessible SVG drawings without a chart library: horizontal bar charts (stacked or grouped) with
 * the same figures in a data table beside them, and a layered drawing of a procedure's step graph.
 * Each SVG is role="img" with a title and a description; the tables carry the information.
 */
import { useId } from 'react';
import type { ProcedureDefinition } from '../../../domain/procedures/definition.ts';

export interface BarSeries {
  key: string;
  label: string;
  /** A class from app.css giving the fill colour (colours also differ in pattern of position). */
  className: string;
}

export interface BarRow {
  label: string;
  values: Record<string, number | null>;
}

/** Horizontal bars, stacked (counts) or grouped (durations), with a legend and a data table. */
export function BarChart(props: { title: string; series: readonly BarSeries[]; rows: readonly BarRow[]; mode: 'stacked' | 'grouped'; tableCaption: string; unit?: string }) {
  const id = useId();
  const { series, rows, mode } = props;
  const labelW = 220;
  const chartW = 360;
  const barH = mode === 'stacked' ? 18 : 10;
  const rowH = mode === 'stacked' ? 28 : 10 * series.length + 14;
  const totals = rows.map((r) => (mode === 'stacked' ? series.reduce((s, x) => s + (r.values[x.key] ?? 0), 0) : Math.max(0, ...series.map((x) => r.values[x.key] ?? 0))));
  const max = Math.max(1, ...totals);
  const height = rows.length * rowH + 10;
  const scale = (v: number) => (v / max) * chartW;
  const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 100) / 100));
  return (
    <div className="row g-3 mb-4 sla-chart">
      <div className="col-lg-7">
        <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${labelW + chartW + 60} ${height}`} className="w-100" style={{ maxHeight: `${Math.max(120, height)}px` }}>
          <title id={`${id}-t`}>{props.title}</title>
          <desc id={`${id}-d`}>{rows.map((r) => `${r.label}: ${series.map((s) => `${s.label} ${fmt(r.values[s.key] ?? null)}`).join(', ')}`).join('; ')}</desc>
          {rows.map((r, i) => {
            const y = i * rowH + 5;
            let x = labelW;
            return (
              <g key={`${r.label}-${i}`}>
                <text x={labelW - 8} y={y + (mode === 'stacked' ? barH : rowH / 2) - 2} textAnchor="end" className="sla-chart-label">
                  {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
                </text>
                {series.map((s, j) => {
                  const v = r.values[s.key] ?? 0;
                  const w = scale(v);
                  const rect =
                    mode === 'stacked' ? (
                      <rect key={s.key} x={x} y={y} width={w} height={barH} className={s.className} />
                    ) : (
                      <rect key={s.key} x={labelW} y={y + j * barH} width={w} height={barH - 2} className={s.className} />
                    );
                  x += mode === 'stacked' ? w : 0;
                  return rect;
                })}
                <text x={labelW + (mode === 'stacked' ? scale(totals[i] ?? 0) : scale(totals[i] ?? 0)) + 6} y={y + (mode === 'stacked' ? barH : rowH / 2) - 2} className="sla-chart-label">
                  {mode === 'stacked' ? fmt(totals[i] ?? 0) : ''}
                </text>
              </g>
            );
          })}
        </svg>
        <ul className="list-inline small mb-0" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key} className="list-inline-item me-3">
              <svg width="12" height="12" className="me-1" focusable="false">
                <rect width="12" height="12" className={s.className} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </div>
      <div className="col-lg-5">
        {/* Focusable, so that a keyboard can scroll a wide table. */}
        <div className="table-responsive" tabIndex={0} role="region" aria-label={props.tableCaption}>
          <table className="table table-sm">
            <caption>{props.tableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{props.title.split(':')[0]}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="text-end">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.label}-${i}`}>
                  <th scope="row" className="fw-normal">
                    {r.label}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className="text-end">
                      {fmt(r.values[s.key] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

/** Columns by distance from the first step (breadth first); unreachable steps in a last column. */
function layers(definition: ProcedureDefinition): Map<string, { col: number; row: number }> {
  const pos = new Map<string, { col: number; row: number }>();
  const keys = new Set(definition.steps.map((s) => s.key));
  const depth = new Map<string, number>();
  const first = definition.steps[0];
  if (first) {
    depth.set(first.key, 0);
    const queue = [first.key];
    while (queue.length > 0) {
      const k = queue.shift();
      if (k === undefined) break;
      const step = definition.steps.find((s) => s.key === k);
      for (const n of step?.next ?? []) {
        if (keys.has(n) && !depth.has(n)) {
          depth.set(n, (depth.get(k) ?? 0) + 1);
          queue.push(n);
        }
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  for (const s of definition.steps) {
    if (pos.has(s.key)) continue;
    const col = depth.get(s.key) ?? maxDepth + 1;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    pos.set(s.key, { col, row });
  }
  return pos;
}

/** The step graph as boxes and arrows. */
export function StepGraph(props: { definition: ProcedureDefinition; locale: 'it' | 'en'; title: string; description: string }) {
  const id = useId();
  const { definition, locale } = props;
  const pos = layers(definition);
  const boxW = 170;
  const boxH = 44;
  const gapX = 50;
  const gapY = 16;
  const cols = Math.max(1, ...[...pos.values()].map((p) => p.col + 1));
  const rowsN = Math.max(1, ...[...pos.values()].map((p) => p.row + 1));
  const width = cols * (boxW + gapX);
  const height = rowsN * (boxH + gapY) + gapY;
  const at = (k: string) => {
    const p = pos.get(k) ?? { col: 0, row: 0 };
    return { x: p.col * (boxW + gapX) + 4, y: p.row * (boxH + gapY) + gapY };
  };
  const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  return (
    <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${width} ${height}`} className="w-100 step-graph" style={{ maxHeight: `${height}px` }}>
      <title id={`${id}-t`}>{props.title}</title>
      <desc id={`${id}-d`}>{props.description}</desc>
      <defs>
        <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="step-graph-arrow" />
        </marker>
      </defs>
      {definition.steps.flatMap((s) =>
        s.next
          .filter((n) => pos.has(n))
          .map((n) => {
            const a = at(s.key);
            const b = at(n);
            const back = b.x <= a.x;
            const x1 = back ? a.x + boxW / 2 : a.x + boxW;
            const y1 = back ? a.y + boxH : a.y + boxH / 2;
            const x2 = back ? b.x + boxW / 2 : b.x;
            const y2 = back ? b.y + boxH : b.y + boxH / 2;
            return <line key={`${s.key}-${n}`} x1={x1} y1={y1} x2={x2} y2={y2} className="step-graph-edge" markerEnd={`url(#${id}-arrow)`} />;
          }),
      )}
      {definition.steps.map((s) => {
        const p = at(s.key);
        const end = s.next.length === 0;
        return (
          <g key={s.key}>
            <rect x={p.x} y={p.y} width={boxW} height={boxH} rx={end ? 22 : 4} className={end ? 'step-graph-end' : 'step-graph-box'} />
            <text x={p.x + 8} y={p.y + 18} className="step-graph-title">
              {clip(s.name[locale])}
            </text>
            <text x={p.x + 8} y={p.y + 34} className="step-graph-key">
              {s.key}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
