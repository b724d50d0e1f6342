import * as fs from "fs";
import * as path from "path";
import { jsonSchemas } from "../stacks/json-schemas";

// npm run schemas: writes the JSON Schemas of the stack files and catalogs to schemas/.
const dir = path.resolve(__dirname, "..", "schemas");
fs.mkdirSync(dir, { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  fs.writeFileSync(path.join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
