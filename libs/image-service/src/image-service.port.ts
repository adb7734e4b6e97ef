/** An image as the image service (Glance v2) describes it. */
export interface ImageRecord {
  id: string;
  name: string;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted';
  disk_format: string | null;
  container_format: string | null;
  /** Bytes, once uploaded. */
  size: number | null;
  min_disk: number;
  visibility: 'public' | 'private' | 'shared' | 'community';
  protected: boolean;
  checksum: string | null;
  created_at: string;
  updated_at: string;
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
 * `active`), and read back.
 */
export interface ImageService {
  create(image: NewImage): Promise<ImageRecord>;
  get(id: string): Promise<ImageRecord | null>;
  /** Stores the image's data from a file and makes it active; the same call again is harmless. */
  upload(id: string, sourcePath: string): Promise<ImageRecord>;
  /** Where the image's data can be read from. */
  dataPath(id: string): Promise<string>;
  delete(id: string): Promise<void>;
}

export const IMAGE_SERVICE = Symbol('ImageService');
