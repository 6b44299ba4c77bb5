/**
 * The Docker providers' replace rules, read from their source (they are not Terraform-bridged, so there is
 * no schema to generate from):
 * - `docker-build:index:Image` (pulumi/pulumi-docker-build, provider/internal/image.go at 7bad76a): `Diff`
 *   reports every changed input as an update, never a replacement; `Update` rebuilds and pushes under the
 *   new tags. So no input replaces an image; a changed tag pushes a new image (the old stays in ECR until
 *   the repository's lifecycle policy expires it).
 * - `docker:index/image:Image` (pulumi/pulumi-docker v5.1.0, provider/provider.go at 237b789): `Diff`
 *   likewise returns updates only (and ignores registry username and password); `Check` adds
 *   `build.contextDigest`, so a content change is an update that rebuilds and pushes.
 */
export const DOCKER_REPLACE_RULES: Record<string, string[]> = {
    "docker-build:index:Image": [],
    "docker:index/image:Image": [],
};
