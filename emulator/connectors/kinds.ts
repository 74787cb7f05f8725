/**
 * The two kinds of actor and the names each goes by, in one table: the collection path and state
 * key (`sources`), the id field (`sourceId`) and the connector type key (`sourceType`), which
 * requests, responses and configurations spell per kind.
 */

/** Source or destination. */
export type ActorKind = "source" | "destination";

/** The names one actor kind goes by. */
export interface ActorKindNames {
  kind: ActorKind;
  /** Collection path and state key. */
  plural: "sources" | "destinations";
  /** Id field of responses. */
  idKey: "sourceId" | "destinationId";
  /** Connector name field of responses and configurations. */
  typeKey: "sourceType" | "destinationType";
}

/** The names of each actor kind. */
export const ACTOR_KINDS: Readonly<Record<ActorKind, ActorKindNames>> = {
  source: { kind: "source", plural: "sources", idKey: "sourceId", typeKey: "sourceType" },
  destination: {
    kind: "destination",
    plural: "destinations",
    idKey: "destinationId",
    typeKey: "destinationType",
  },
};
