export * from './image-service.port';
export * from './sparse-writer';
export * from './local-image-service';
export * from './glance-image-service';
export * from './create-image-service';
