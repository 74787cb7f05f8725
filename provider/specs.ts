/**
 * Every kind's operations by kind, for a face that serves them all from one process (the native
 * plugin). The dynamic face loads one kind's module at a time instead (`sdk/stub.ts`).
 */
import { actorSpec } from "./actor.js";
import { applicationSpec } from "./application.js";
import { connectionSpec } from "./connection.js";
import { customDefinitionSpec } from "./custom-definition.js";
import { declarativeSourceDefinitionSpec } from "./declarative-source-definition.js";
import { type KindOperations, operationsOf } from "./framework/operations.js";
import { groupSpec } from "./group.js";
import { jobSpec } from "./job.js";
import type { ResourceKind } from "./kinds.js";
import { permissionSpec } from "./permission.js";
import { tagSpec } from "./tag.js";
import { workspaceSpec } from "./workspace.js";

/** The operations of each kind. */
export const KIND_OPERATIONS: Readonly<Record<ResourceKind, KindOperations>> = {
  workspace: operationsOf(workspaceSpec),
  source: operationsOf(actorSpec("source")),
  destination: operationsOf(actorSpec("destination")),
  connection: operationsOf(connectionSpec),
  tag: operationsOf(tagSpec),
  job: operationsOf(jobSpec),
  permission: operationsOf(permissionSpec),
  "source-definition": operationsOf(customDefinitionSpec("source")),
  "destination-definition": operationsOf(customDefinitionSpec("destination")),
  "declarative-source-definition": operationsOf(declarativeSourceDefinitionSpec),
  group: operationsOf(groupSpec),
  application: operationsOf(applicationSpec),
};
