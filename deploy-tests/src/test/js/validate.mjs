// Validates Kubernetes objects against the Kubernetes OpenAPI schemas shipped by the npm package
// kubernetes-models (types, required fields, enums, formats). Offline: only the installed packages
// are read. Input on stdin: a JSON array of objects. Output: one line per object; exit code 1 if
// any object is invalid or of an unknown apiVersion/kind, 0 otherwise.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
let failed = false;

for (const object of objects) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name ?? "?";
  const label = `${apiVersion} ${kind}/${name}`;
  // Core group "v1" lives at kubernetes-models/v1, others at kubernetes-models/<group>/<version>.
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let Model;
  try {
    Model = (await import(modulePath))[kind];
  } catch (e) {
    console.log(`INVALID ${label}: no schema for this apiVersion/kind (${modulePath})`);
    failed = true;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`OK ${label}`);
  } catch (e) {
    const details = e.errors ? JSON.stringify(e.errors) : String(e);
    console.log(`INVALID ${label}: ${e.message} ${details}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
