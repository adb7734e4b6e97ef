export * from './check-string';
export * from './cinder-policies';
export * from './policy';
export * from './policy-matrix';
