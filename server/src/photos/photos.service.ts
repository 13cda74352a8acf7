// What the photo endpoints need from the annotations: adding and removing a photo are edits of the
// annotation (its version, history and permissions), so AnnotationsService implements this interface and
// app.ts hands it to photosRouter. Photos depend on this contract only, never on the annotations module,
// which itself uses photos.repo.ts and photos.image.ts.
import type { SignedIn, Viewer } from '../access/viewer.js';
import type { ProcessedPhoto } from './photos.image.js';

/** The part of an annotation feature the photo endpoints read; the rest is sent to the client as is. */
export interface PhotoOwner {
  properties: { version: number; permissions: { edit: boolean } };
}

export interface PhotoContent { id: string; mime: string; content: Buffer }

export interface AnnotationPhotos {
  get(viewer: Viewer, id: string): Promise<PhotoOwner>;
  addPhoto(viewer: SignedIn, id: string, versions: number[], caption: string, photo: ProcessedPhoto, maxPhotos: number): Promise<{ feature: PhotoOwner; photoId: string }>;
  photo(viewer: Viewer, id: string, photoId: string, size: 'full' | 'thumb'): Promise<PhotoContent>;
  removePhoto(viewer: SignedIn, id: string, versions: number[], photoId: string): Promise<PhotoOwner>;
}
