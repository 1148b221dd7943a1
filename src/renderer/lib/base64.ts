// File bytes to base64 for commands that carry a file (imports). Done in slices: one huge
// String.fromCharCode call overflows the stack, and a slice length divisible by 3 lets the
// base64 pieces be joined without padding in the middle.

const SLICE = 3 * 0x2000;

export function bytesToBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE) {
    const slice = bytes.subarray(start, Math.min(start + SLICE, bytes.length));
    let binary = '';
    for (let i = 0; i < slice.length; i++) binary += String.fromCharCode(slice[i] ?? 0);
    pieces.push(btoa(binary));
  }
  return pieces.join('');
}
