// A small line chart in inline SVG (no chart library): one or more series of numbers over visit dates, oldest left.
import { formatDate } from '../i18n.tsx';

export interface TrendSeries {
  label: string;
  /** A CSS class giving the line its colour. */
  className: string;
  values: (number | undefined)[];
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 34, right: 8, top: 8, bottom: 18 };

/** The series over `dates` (same length as each series' values); nothing when no value is known. */
export function TrendChart({ title, unit, dates, series }: { title: string; unit: string; dates: string[]; series: TrendSeries[] }) {
  const known = series.flatMap((line) => line.values.filter((value): value is number => value !== undefined));
  if (known.length === 0) return null;
  const low = Math.floor(Math.min(...known) - 1);
  const high = Math.ceil(Math.max(...known) + 1);
  const x = (index: number) => PAD.left + (dates.length === 1 ? 0.5 : index / (dates.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - low) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const described = series.map((line) => `${line.label}: ${line.values.filter((value) => value !== undefined).join(', ')} ${unit}`).join('; ');
  return (
    <figure className="trend">
      <figcaption>{title} ({unit})</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${described}`}>
        <line className="trend-axis" x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
        <text className="trend-tick" x={PAD.left - 4} y={y(high) + 4} textAnchor="end">{high}</text>
        <text className="trend-tick" x={PAD.left - 4} y={y(low)} textAnchor="end">{low}</text>
        <text className="trend-tick" x={x(0)} y={HEIGHT - 4}>{formatDate(dates[0])}</text>
        {dates.length > 1 && <text className="trend-tick" x={x(dates.length - 1)} y={HEIGHT - 4} textAnchor="end">{formatDate(dates.at(-1))}</text>}
        {series.map((line) => {
          const points = line.values.flatMap((value, index) => (value === undefined ? [] : [[x(index), y(value)] as const]));
          return (
            <g key={line.label} className={line.className}>
              <polyline points={points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} />
              {points.map(([px, py], index) => <circle key={index} cx={px} cy={py} r={2.5} />)}
            </g>
          );
        })}
      </svg>
      <p className="trend-legend">{series.map((line) => <span key={line.label} className={line.className}>{line.label}</span>)}</p>
    </figure>
  );
}
