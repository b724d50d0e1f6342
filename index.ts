import { globalStack } from "./programs/global";
import { refuseUnofferedVersions } from "./programs/preflight";
import { regionStack } from "./programs/region";
import { loadStack } from "./stacks";

// Config first: an invalid stack throws here, listing every problem, before anything is registered.
// The CLI runs the program in the project folder, where the stack's catalog lives under stacks/.
// Then the cloud's own word on the cluster's versions, still before anything is registered.
// The stack's outputs: a region stack's cluster and tenants, or the global stack's DNS records.
export = async () => {
  const stack = loadStack(process.cwd());
  if (stack.role === "global") return globalStack(stack.spec);
  await refuseUnofferedVersions(stack.spec);
  return regionStack(stack.spec, stack.secrets);
};
