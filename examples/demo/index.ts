import { pipeline } from "./program.js";

/** The program's entry for `pulumi up` on this folder (needs the Node.js language host). */
export default pipeline;
