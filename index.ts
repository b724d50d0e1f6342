import { globalStack } from "./programs/global";
import { regionStack } from "./programs/region";
import { loadStack } from "./stacks";

// Config first: an invalid stack throws here, listing every problem, before anything is registered.
// The CLI runs the program in the project folder, where the stack's catalog lives under stacks/.
const stack = loadStack(process.cwd());

// The stack's outputs: a region stack's cluster and tenants, or the global stack's DNS records.
export = stack.role === "global" ? globalStack(stack.spec) : regionStack(stack.spec, stack.secrets);
