/** ECR documents of a container function, as plain functions so they can be tested without Pulumi. */

/** Expire all but the newest `keep` images, tagged or not. */
export function keepNewestImagesPolicy(keep: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Keep the newest ${keep} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    });
}
