// The Airbyte guardrails as a Pulumi policy pack. Run it with
//   pulumi preview --policy-pack ../policy-pack [--policy-pack-config ../policy-pack/prod.json]
// or through the CI entry point: npx pulumi-airbyte preview --stack prod --policy-pack <this folder>.
import { PolicyPack } from "@pulumi/policy";
import { airbytePolicies } from "pulumi-airbyte/policy";

new PolicyPack("airbyte-guardrails", {
  policies: airbytePolicies({
    // Stacks held to the schedule rule; the other two rules apply to every stack.
    prodStacks: ["prod"],
    minIntervalMinutes: 60,
    piiTags: ["pii"],
    ownerTagPrefix: "owner:",
  }),
});
