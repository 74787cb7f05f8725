import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as airbyte from "pulumi-airbyte";

const config = new pulumi.Config();
const spec = readFileSync("pipelines.yaml", "utf8");
// What this stack runs, recorded as an output so the next environment can check it runs the same.
const specDigest = createHash("sha256").update(spec).digest("hex").slice(0, 16);

export = async () => {
  // Promotion: staging deploys only the spec dev runs, prod only the spec staging runs. A preview
  // still shows the whole change (that is what a pull request reviews); `up` refuses until then.
  const promoteFrom = config.get("promoteFrom");
  if (promoteFrom !== undefined) {
    const upstream = new pulumi.StackReference(
      `${pulumi.getOrganization()}/${pulumi.getProject()}/${promoteFrom}`,
    );
    const runs = (await upstream.getOutputDetails("specDigest")).value as string | undefined;
    if (runs !== specDigest) {
      const message =
        `${pulumi.getStack()} deploys only what ${promoteFrom} runs: ${promoteFrom} runs spec ` +
        `${runs ?? "(none yet)"}, this checkout has ${specDigest}. Deploy ${promoteFrom} first.`;
      if (!pulumi.runtime.isDryRun()) throw new Error(message);
      pulumi.log.warn(message);
    }
  }

  // Every environment from one spec: the `environments` entry named after the stack applies.
  const pipelines = new airbyte.Pipelines("analytics", { spec: "pipelines.yaml" });

  return {
    specDigest,
    workspaceId: pipelines.workspaceId,
    connectionIds: pipelines.connectionIds,
  };
};
