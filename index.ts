import { clusterStack } from "./programs/cluster";
import { globalStack } from "./programs/global";
import { refuseUnofferedVersions } from "./programs/preflight";
import { regionStack } from "./programs/region";
import { tenantsStack } from "./programs/tenants";
import { loadStack } from "./stacks";

// Config first: an invalid stack throws here, listing every problem, before anything is registered.
// The CLI runs the program in the project folder, where the stack's catalog lives under stacks/.
// Then the cloud's own word on the cluster's versions, still before anything is registered.
// The stack's outputs: by its role, a region's cluster and tenants, its cluster alone, one shard
// of its tenants, or the environment's DNS records.
export = async () => {
  const stack = loadStack(process.cwd());
  switch (stack.role) {
    case "global":
      return globalStack(stack.spec);
    case "tenants":
      return tenantsStack(stack.spec, stack.secrets, stack.shard);
    case "cluster":
      await refuseUnofferedVersions(stack.spec);
      return clusterStack(stack.spec, stack.secrets);
    case "region":
      await refuseUnofferedVersions(stack.spec);
      return regionStack(stack.spec, stack.secrets);
  }
};
