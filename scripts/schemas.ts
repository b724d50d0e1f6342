import * as fs from "fs";
import * as path from "path";
import { jsonSchemas } from "./schemas/json-schemas";
import { referenceMarkdown } from "./schemas/reference";

// npm run schemas: writes the JSON Schemas of the stack files and catalogs to schemas/, and the
// configuration reference generated from them to docs/reference.md.
const root = path.resolve(__dirname, "..");
const schemas = jsonSchemas();
fs.mkdirSync(path.join(root, "schemas"), { recursive: true });
for (const [file, schema] of Object.entries(schemas)) {
  fs.writeFileSync(path.join(root, "schemas", file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
fs.writeFileSync(path.join(root, "docs", "reference.md"), referenceMarkdown(schemas));
console.log("wrote docs/reference.md");
