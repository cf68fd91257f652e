#!/bin/sh
# One-shot setup of the evidence store in MinIO (docker-compose.yml, service minio-setup).
# Idempotent: safe on every `docker compose up`. Creates the bucket with versioning (an
# overwritten or deleted object keeps its previous version: docs/RUNBOOK.md, "Evidence
# files") and tracking's own access key, which may read and write that bucket only: no
# delete, no other bucket, no administration.
set -eu

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${EVIDENCE_BUCKET:?}"
: "${TRACKING_EVIDENCE_S3_ACCESS_KEY_ID:?}" "${TRACKING_EVIDENCE_S3_SECRET_ACCESS_KEY:?}"
ALIAS=cocrea
POLICY=tracking-evidence
POLICY_FILE="$(mktemp)"
trap 'rm -f "$POLICY_FILE"' EXIT

mc alias set "$ALIAS" http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "$ALIAS/$EVIDENCE_BUCKET"
mc version enable "$ALIAS/$EVIDENCE_BUCKET"

# ListBucket lets a missing key answer 404 (not 403); the multipart actions let an upload
# that failed midway be aborted.
cat >"$POLICY_FILE" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$EVIDENCE_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts"
      ],
      "Resource": ["arn:aws:s3:::$EVIDENCE_BUCKET/*"]
    }
  ]
}
JSON
mc admin policy create "$ALIAS" "$POLICY" "$POLICY_FILE"
mc admin user add "$ALIAS" "$TRACKING_EVIDENCE_S3_ACCESS_KEY_ID" "$TRACKING_EVIDENCE_S3_SECRET_ACCESS_KEY"
if ! mc admin user info "$ALIAS" "$TRACKING_EVIDENCE_S3_ACCESS_KEY_ID" | grep -q "$POLICY"; then
  mc admin policy attach "$ALIAS" "$POLICY" --user "$TRACKING_EVIDENCE_S3_ACCESS_KEY_ID"
fi
echo "evidence bucket $EVIDENCE_BUCKET ready"
