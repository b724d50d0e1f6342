import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// `pulumi preview --policy-pack policy`: the engine starts this file and talks to the pack.
new PolicyPack("tenancy", { policies });
