/** An image as the image service (Glance v2) describes it. */
export interface ImageRecord {
  id: string;
  name: string;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated' | 'uploading' | 'importing';
  disk_format: string | null;
  container_format: string | null;
  /** Bytes, once uploaded. */
  size: number | null;
  min_disk: number;
  min_ram: number;
  visibility: 'public' | 'private' | 'shared' | 'community';
  protected: boolean;
  /** MD5 of the data, as Glance keeps it. */
  checksum: string | null;
  created_at: string;
  updated_at: string;
  /** Glance's additional properties: every other attribute, always a string. */
  properties: Record<string, string>;
}

export interface NewImage {
  id: string;
  name: string;
  disk_format: string;
  container_format: string;
  visibility: ImageRecord['visibility'];
  protected: boolean;
  properties?: Record<string, string>;
}

/**
 * The image service port (Glance v2): an image is created `queued`, its data uploaded (it becomes
 * `active`), read back, and deleted. Every call may be made twice (a job retried) and must then
 * give the same result.
 */
export interface ImageService {
  create(image: NewImage): Promise<ImageRecord>;
  get(id: string): Promise<ImageRecord | null>;
  /** Stores the image's data from a file and makes it active; an image already active is left as it is. */
  upload(id: string, sourcePath: string): Promise<ImageRecord>;
  /** Writes the image's data to a local file (holes where it is zero). */
  download(id: string, destinationPath: string): Promise<void>;
  /** An image already gone is no error. */
  delete(id: string): Promise<void>;
}

/**
 * The image service refused or failed a call. `permanent`: asking again will not help (the image
 * is gone, or the service refused the request); otherwise it may be briefly unavailable.
 */
export class ImageServiceError extends Error {
  override readonly name = 'ImageServiceError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export const imageNotFound = (id: string) => new ImageServiceError(`Image ${id} could not be found.`, true);

export const IMAGE_SERVICE = Symbol('ImageService');
