module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true, // @nestjs/cqrs routes commands by class name
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
