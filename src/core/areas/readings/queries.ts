// Meters and readings as other areas read them: a meter and its line settings, and which
// readings count (trusted) for bills and reports.
export { effectiveLine, loadMeter, trusted } from './readings';
