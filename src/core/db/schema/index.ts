export * from './system';
export * from './audit';
export * from './registry';
export * from './tariffs';
export * from './payments';
export * from './counter';
export * from './meters';
export * from './billing';
