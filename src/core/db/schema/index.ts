export * from './system';
export * from './audit';
export * from './registry';
