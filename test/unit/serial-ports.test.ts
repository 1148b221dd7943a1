// Port commands open the path they are given, so the contract lets through serial device names
// only (domain/meters/serial-port.ts): checked on the rule and on every command that takes a port.
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../src/contract';
import { isSerialPortPath, serialPortPathProblem } from '../../src/domain/meters/serial-port';

const SERIAL = [
  'COM1',
  'COM3',
  'com12',
  'COM256',
  '\\\\.\\COM10',
  '/dev/ttyUSB0',
  '/dev/ttyUSB12',
  '/dev/ttyACM0',
  '/dev/ttyS1',
  '/dev/ttyAMA0',
  '/dev/pts/7',
  '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K5ZXE-if00-port0',
  '/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0',
  '/dev/tty.usbserial-1410',
  '/dev/cu.usbserial-A10K5ZXE',
];

const NOT_SERIAL = [
  '/etc/passwd',
  '/etc/shadow',
  '/dev/sda',
  '/dev/mem',
  '/dev/tty',
  '/dev/ttyUSB',
  '/dev/ttyUSB0/../../etc/passwd',
  '/dev/../etc/passwd',
  '/dev/pts/../../etc/passwd',
  '/dev/serial/by-id/../../../etc/passwd',
  '/dev/cu.',
  '/dev/tty./x',
  '/home/amina/griddesk.sqlite',
  'C:\\Windows\\win.ini',
  'COM0',
  'COM257',
  'COM3:',
  'LPT1',
  '\\\\server\\share\\COM3',
  'ttyUSB0',
];

describe('serial port names', () => {
  it('accepts the serial devices of Windows, Linux and macOS', () => {
    for (const path of SERIAL) {
      expect(isSerialPortPath(path), path).toBe(true);
      expect(serialPortPathProblem(path), path).toBeNull();
    }
  });

  it('refuses files, disks and other devices, naming the value and giving examples', () => {
    for (const path of NOT_SERIAL) expect(isSerialPortPath(path), path).toBe(false);
    expect(serialPortPathProblem('/etc/passwd')).toBe(
      '"/etc/passwd" is not a serial port name: give a port such as COM3, /dev/ttyUSB0, ' +
        '/dev/ttyACM0 or /dev/cu.usbserial-1410',
    );
  });
});

describe('port commands', () => {
  const deviceId = '0190f5a4-1b2c-7d3e-8f40-123456789abc';
  const inputs: Record<string, (port: unknown) => unknown> = {
    'meters.testPort': (port) => ({ port }),
    'meters.bulkRead': (port) => ({ port }),
    'meters.scan': (port) => ({ port, profileId: 'eastron-sdm120' }),
    'meters.setAddress': (port) => ({ port, profileId: 'eastron-sdm120', from: 1, to: 2 }),
    'meters.configure': (port) => ({ deviceId, protocol: 'modbus-rtu', port }),
  };

  function portIssues(name: string, port: unknown): string[] {
    const command = findCommand(name);
    if (!command) throw new Error(`no command ${name}`);
    const build = inputs[name];
    if (!build) throw new Error(`no input for ${name}`);
    const parsed = command.input.safeParse(build(port));
    if (parsed.success) return [];
    return parsed.error.issues.filter((i) => i.path[0] === 'port').map((i) => i.message);
  }

  it('refuses an ordinary file as the port, on the port field, with the reason', () => {
    for (const name of Object.keys(inputs)) {
      for (const path of ['/etc/passwd', '/home/amina/.ssh/id_rsa', 'C:\\Windows\\win.ini']) {
        const issues = portIssues(name, path);
        expect(issues, `${name} ${path}`).toHaveLength(1);
        expect(issues[0], `${name} ${path}`).toContain('is not a serial port name');
      }
    }
  });

  it('takes serial ports, trimmed', () => {
    for (const name of Object.keys(inputs)) {
      for (const path of ['/dev/ttyUSB0', ' COM3 ', '/dev/pts/4']) {
        expect(portIssues(name, path), `${name} ${path}`).toEqual([]);
      }
    }
  });

  it('still lets meters.configure clear the port (read through a gateway or CSV)', () => {
    const command = findCommand('meters.configure');
    for (const empty of ['', '   ', null, undefined]) {
      const parsed = command?.input.safeParse(inputs['meters.configure']?.(empty));
      expect(parsed?.success, String(empty)).toBe(true);
      expect((parsed?.data as { port: unknown }).port).toBeNull();
    }
  });
});
