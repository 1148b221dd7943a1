// A small bar chart in plain SVG (no chart library in this app): a title, a value axis with a few
// round ticks, period labels under the bars (thinned when there are many), and each bar's value
// as a tooltip. Screen readers get the title and a one-line summary.
import { Box, Text } from '@mantine/core';
import { useId } from 'react';

export interface Bar {
  label: string;
  /** Longer words for the tooltip (e.g. the full date). */
  title: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 40;

/** 1, 2 or 5 times a power of ten, so that about four ticks cover `max`. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = rough / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function BarChart(props: {
  title: string;
  summary: string;
  unit: string;
  bars: Bar[];
  format: (value: number) => string;
  testId?: string;
}) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(0, ...props.bars.map((b) => b.value));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = props.bars.length > 0 ? plotW / props.bars.length : plotW;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const every = Math.max(1, Math.ceil(props.bars.length / 10));
  const y = (value: number) => TOP + plotH - (value / top) * plotH;

  return (
    <Box component="figure" m={0} data-testid={props.testId}>
      <Text component="figcaption" size="sm" fw={600} id={titleId} mb={4}>
        {props.title}
      </Text>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        style={{ maxHeight: 280, display: 'block' }}
      >
        <desc id={descId}>{props.summary}</desc>
        <text
          x={12}
          y={TOP + plotH / 2}
          transform={`rotate(-90 12 ${TOP + plotH / 2})`}
          textAnchor="middle"
          fontSize={11}
          fill="var(--mantine-color-dimmed)"
        >
          {props.unit}
        </text>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={LEFT}
              x2={WIDTH - RIGHT}
              y1={y(tick)}
              y2={y(tick)}
              stroke="var(--mantine-color-default-border)"
              strokeDasharray={tick === 0 ? undefined : '3 3'}
            />
            <text
              x={LEFT - 6}
              y={y(tick) + 4}
              textAnchor="end"
              fontSize={11}
              fill="var(--mantine-color-dimmed)"
            >
              {props.format(tick)}
            </text>
          </g>
        ))}
        {props.bars.map((bar, i) => {
          const x = LEFT + i * slot + (slot - barW) / 2;
          const h = Math.max(0, TOP + plotH - y(bar.value));
          return (
            <g key={`${bar.label}-${i}`}>
              <rect
                x={x}
                y={TOP + plotH - h}
                width={barW}
                height={h}
                rx={2}
                fill="var(--mantine-color-blue-filled)"
              >
                <title>{`${bar.title}: ${props.format(bar.value)} ${props.unit}`}</title>
              </rect>
              {i % every === 0 && (
                <text
                  x={x + barW / 2}
                  y={HEIGHT - BOTTOM + 16}
                  textAnchor="middle"
                  fontSize={11}
                  fill="var(--mantine-color-dimmed)"
                >
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
