// A QR code drawn as SVG squares from the same library the invoices use (qrcode): no image data
// and no canvas, so it prints sharply and needs nothing from the content security policy.
import QRCode from 'qrcode';
import { useMemo } from 'react';

export function QrCode(props: { text: string; size?: number; label: string }) {
  const matrix = useMemo(
    () => QRCode.create(props.text, { errorCorrectionLevel: 'M' }).modules,
    [props.text],
  );
  const n = matrix.size;
  const quiet = 2;
  const cells: string[] = [];
  for (let y = 0; y < n; y += 1) {
    for (let x = 0; x < n; x += 1) {
      if (matrix.get(y, x)) cells.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
    }
  }
  const size = props.size ?? 180;
  return (
    <svg
      role="img"
      aria-label={props.label}
      width={size}
      height={size}
      viewBox={`0 0 ${n + 2 * quiet} ${n + 2 * quiet}`}
      shapeRendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
