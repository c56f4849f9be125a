// Load mapgen's page-script feature files into a sandbox, with no browser:
// each file extends the `mg` namespace it finds (window.mapgen in the page).
import { readFileSync } from "node:fs";
import vm from "node:vm";

const DIR = new URL("../../mapgen/templates/js/", import.meta.url);

export function load(...names) {
  const mg = {};
  const context = vm.createContext({ mg, window: {} });
  for (const name of ["core", ...names]) {
    vm.runInContext(readFileSync(new URL(`${name}.js`, DIR), "utf8"), context, { filename: `${name}.js` });
  }
  return mg;
}

// Values made in the sandbox have its Array and Object: compare them as plain data.
export const plain = (value) => JSON.parse(JSON.stringify(value));
