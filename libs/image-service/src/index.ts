export * from './image-service.port';
export * from './local-image-service';
