-- Evidence photos of annotations. The uploaded file is never stored: the server decodes it, re-encodes
-- it as JPEG without any metadata (EXIF, XMP, ICC comments) and keeps that plus a thumbnail. A photo's
-- GPS position is kept (as a column, never inside the image) only when the uploader asked for it.
-- Photos live in the database so several app instances serve them without a shared disk.
CREATE TABLE annotation_photos (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  annotation_id  uuid NOT NULL REFERENCES annotations(id),
  caption        text NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
  mime           text NOT NULL CHECK (mime IN ('image/jpeg')),
  width          integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
  height         integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
  bytes          integer NOT NULL CHECK (bytes > 0),
  content        bytea NOT NULL,
  thumb          bytea NOT NULL,
  original_type  text NOT NULL CHECK (original_type IN ('jpeg','png','webp')),
  location       geometry(Point,4326)
                 CHECK (location IS NULL OR (ST_X(location) BETWEEN -180 AND 180 AND ST_Y(location) BETWEEN -90 AND 90)),
  taken_at       timestamptz,
  created_by     uuid NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  deleted_by     uuid REFERENCES users(id),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
CREATE INDEX annotation_photos_annotation_idx ON annotation_photos (annotation_id) WHERE deleted_at IS NULL;
