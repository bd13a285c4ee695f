// Checks an OpenAPI description the way a client generator would read it:
// valid against the OpenAPI 3.x schema, every $ref resolvable.
//   node validate.mjs ../../docs/openapi.yaml
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2] ?? "../../docs/openapi.yaml";
try {
  const api = await SwaggerParser.validate(file);
  const operations = Object.values(api.paths ?? {}).flatMap((item) =>
    Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(k)));
  console.log(`${file}: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths ?? {}).length} paths, ${operations.length} operations`);
} catch (err) {
  console.error(`${file}: ${err.message}`);
  process.exit(1);
}
