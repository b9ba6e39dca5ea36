// The static page's entry (indictok/app/static.py writes index.html and config.json beside
// it): the workbench with no server (every tokenizer runs in the browser, engine.mjs; links
// are built here, links.mjs) and the tabs (static_tabs.mjs).
import { toQuery } from "./links.mjs";
import { mountTabs } from "./static_tabs.mjs";
import { mountWorkbench } from "./workbench.mjs";

const config = await (await fetch("config.json")).json();
const server = {
  tokenize: null,
  permalink: async (request) => JSON.stringify({ query: await toQuery(request, config, config.static.max_query_bytes) }),
};
mountWorkbench(document.getElementById("itl-workbench"), server, config);
mountTabs(document.getElementById("itl-below"), config);
