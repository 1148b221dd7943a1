// Which names a clerk may give as a meter's serial port. The port commands open the path they are
// given, so the contract accepts only names that are serial devices on Windows, Linux or macOS:
// never /etc/passwd, a printer, a disk or a file in someone's home folder.

/**
 * Serial device names, per system:
 * - Windows: COM1..COM256, also written \\.\COM10 (the form needed above COM9 in some tools);
 * - Linux: USB adapters (ttyUSB, ttyACM), built-in and Raspberry Pi UARTs (ttyS, ttyAMA),
 *   pseudo-terminals (/dev/pts/N: the virtual cables used to test against meter simulators),
 *   and udev's stable names under /dev/serial/by-id and /dev/serial/by-path;
 * - macOS: /dev/tty.NAME and /dev/cu.NAME.
 */
const SERIAL_PORT_PATTERNS: readonly RegExp[] = [
  /^(?:\\\\\.\\)?COM(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-6])$/i,
  /^\/dev\/tty(?:USB|ACM|S|AMA)\d{1,3}$/,
  /^\/dev\/pts\/\d{1,4}$/,
  /^\/dev\/serial\/by-(?:id|path)\/[A-Za-z0-9][A-Za-z0-9._:+-]{0,150}$/,
  /^\/dev\/(?:tty|cu)\.[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/,
];

export const SERIAL_PORT_EXAMPLES = 'COM3, /dev/ttyUSB0, /dev/ttyACM0 or /dev/cu.usbserial-1410';

export function isSerialPortPath(path: string): boolean {
  return SERIAL_PORT_PATTERNS.some((pattern) => pattern.test(path));
}

/** Null for a serial port name, else what is wrong, in a clerk's words. */
export function serialPortPathProblem(path: string): string | null {
  if (isSerialPortPath(path)) return null;
  const shown = path.length > 60 ? `${path.slice(0, 60)}...` : path;
  return `"${shown}" is not a serial port name: give a port such as ${SERIAL_PORT_EXAMPLES}`;
}
