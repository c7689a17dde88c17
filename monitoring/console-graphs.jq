# The graphs of the console page (monitoring/console.html.tmpl, @@GRAPHS@@), drawn from the Grafana
# dashboard's panels, so that the two show the same graphs by construction (docs/monitoring.md
# "Dashboards"). Input: monitoring/dashboards/certledger.json. Output: HTML, two graphs to a row,
# in the dashboard's order (top to bottom, left to right). Each panel becomes one PromConsole.Graph:
# its title, its description, every target's expr, and its legend with Grafana's {{label}} written
# as the console library's [[label]].

# The console library's number formatter for a Grafana unit: seconds keep their small prefixes
# (a p50 of 0.004 s shows as 4m, for milli), bytes count in 1024s, the rest in plain SI.
def formatter:
  if . == "s" then "humanize"
  elif . == "bytes" then "humanize1024"
  else "humanizeNoSmallPrefix"
  end
  | "PromConsole.NumberFormatter." + .;

def legend: gsub("\\{\\{ *(?<label>[A-Za-z_][A-Za-z0-9_]*) *\\}\\}"; "[[\(.label)]]");

def graph($id):
  (.fieldConfig.defaults.unit // "short" | formatter) as $formatter
  | [
      "  <div class=\"col-lg-6\">",
      "  <h3>\(.title | @html)</h3>",
      # the description, if any, in a paragraph of at least two lines: the graphs of a row stay level
      "  <p class=\"text-muted\" style=\"min-height: 3em\">\(.description // "" | @html)</p>",
      "  <div id=\"graph\($id)\"></div>",
      "  <script>",
      "  new PromConsole.Graph({",
      "    node: document.querySelector(\"#graph\($id)\"),",
      "    name: \([.targets[] | .legendFormat // "" | legend] | tojson),",
      "    expr: \([.targets[].expr] | tojson),",
      "    yAxisFormatter: \($formatter),",
      "    yHoverFormatter: \($formatter),",
      "  })",
      "  </script>",
      "  </div>"
    ]
  | join("\n");

[.panels | sort_by(.gridPos.y, .gridPos.x) | to_entries[] | .key as $id | .value | graph($id)]
| [range(0; length; 2) as $row | .[$row:$row + 2] | "  <div class=\"row\">\n" + join("\n") + "\n  </div>"]
| join("\n\n")
