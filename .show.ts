import { catalog } from "./src/generated/catalog.js";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
for (const t of catalog.tools) if (process.argv.slice(2).includes(t.name)) { console.log(t.name, encode(JSON.stringify(t.inputSchema)).length); console.log(JSON.stringify(t.inputSchema)); }
