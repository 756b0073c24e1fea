# fish completion for ttam(1). Install as ttam.fish in a directory on
# $fish_complete_path (e.g. ~/.config/fish/completions).

# Prints the subcommand on the command line: the first word that is neither
# an option nor an option's value. Fails when there is none yet.
function __ttam_subcommand
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip_next 0
    # Options that take a separate value make the next token theirs.
    for token in $tokens
        if test $skip_next = 1
            set skip_next 0
            continue
        end
        switch $token
            case --format --color --fail-on --disable --enable --max-findings --group-after --dialect --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --require-prefix --config --enable-feature --job --concurrency --prometheus --top --max-series-per-metric --max-label-values --max-total-series --limits --save --baseline --max-growth --run --junit --slo --min-events --window --tests -o --output --data
                set skip_next 1
            case '-*'
            case '*'
                echo $token
                return 0
        end
    end
    return 1
end

# True when the subcommand on the command line is $argv[1].
function __ttam_using
    set -l subcommand (__ttam_subcommand)
    and test "$subcommand" = "$argv[1]"
end

complete -c ttam -f

# Options every subcommand accepts, before or after the subcommand's name.
complete -c ttam -l format -x -a 'text json github sarif gitlab' -d 'Output format'
complete -c ttam -l color -x -a 'auto always never' -d 'When to colour text output'
complete -c ttam -l fail-on -x -a 'error warning info page ticket' -d 'Lowest severity that makes the exit status 1'
complete -c ttam -l disable -x -d 'Do not report a check: an id, a group like metrics/*, or *'
complete -c ttam -l enable -x -a 'strict' -d 'Also run an off-by-default check: an id, a group like rules/*, or strict'
complete -c ttam -l max-findings -x -d 'Show at most N findings, the most severe first (0 = no limit)'
complete -c ttam -l group-after -x -d 'Text: after N findings of one check in one file, count the rest (0 = show all)'
complete -c ttam -s h -l help -d 'Show usage'
complete -c ttam -l version -d 'Show the version'

# One row per subcommand.
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a scrape -d 'Fetch or read an exposition; summarise it, or lint it with --check'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a lint-config -d 'Validate prometheus.yml files as Prometheus 3 loads them, and lint them'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a cardinality -d 'Count series and label values, flag unbounded labels, enforce budgets'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a query -d 'Evaluate a PromQL expression over local data, or on a Prometheus server'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a quantile -d 'Latency quantiles of classic histograms, exactly as Prometheus computes them'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a lint-rules -d 'Validate rule files as Prometheus 3 loads them (PromQL included), and lint them'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a test-promql -d "Run promqltest files (PromQL conformance tests) against ttam's evaluator"
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a test-rules -d "Run promtool's rule unit tests (alerting and recording rules over time)"
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a burn-rate -d "SLO error ratios and burn rates over the workbook's windows, and a page verdict"
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a slo -d 'SLO rules: slo generate writes recording and alerting rules and their unit tests'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a record -d 'Scrape targets every interval and write the samples as OpenMetrics with timestamps'
complete -c ttam -n 'not __ttam_subcommand >/dev/null' -a version -d 'Print the version, the build type and compiler, and the library versions'

# ttam scrape [options] URL|FILE|-
complete -c ttam -n '__ttam_using scrape' -F
complete -c ttam -n '__ttam_using scrape' -l check -d 'Lint the exposition'
complete -c ttam -n '__ttam_using scrape' -l input-format -x -a 'auto text openmetrics' -d 'Exposition format'
complete -c ttam -n '__ttam_using scrape' -l timeout -x -d 'Deadline for the whole request (e.g. 10s)'
complete -c ttam -n '__ttam_using scrape' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using scrape' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using scrape' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using scrape' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using scrape' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using scrape' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using scrape' -l insecure -d 'Do not verify the TLS certificate'
complete -c ttam -n '__ttam_using scrape' -l require-prefix -x -d 'Prefix every metric name must start with'

# ttam lint-config [--agent] [--enable-feature NAME] FILE...
complete -c ttam -n '__ttam_using lint-config' -F
complete -c ttam -n '__ttam_using lint-config' -l agent -d 'Validate for Prometheus in agent mode'
complete -c ttam -n '__ttam_using lint-config' -l enable-feature -x -a 'promql-experimental-functions promql-duration-expr promql-extended-range-selectors promql-binop-fill-modifiers' -d 'Prometheus feature flag'

# ttam lint-rules [--config FILE] [--metadata FILE|URL] [--scrape-metadata] [--enable-feature NAME] [--dialect RULER] [--ignore-unknown-fields] FILE|DIR...
complete -c ttam -n '__ttam_using lint-rules' -F
complete -c ttam -n '__ttam_using lint-rules' -l config -r -F -d 'prometheus.yml the rules run under'
complete -c ttam -n '__ttam_using lint-rules' -l metadata -r -F -d 'metric types: an exposition or /api/v1/metadata (file or URL)'
complete -c ttam -n '__ttam_using lint-rules' -l scrape-metadata -d 'scrape the --config targets for metric types'
complete -c ttam -n '__ttam_using lint-rules' -l enable-feature -x -a 'promql-experimental-functions promql-duration-expr promql-extended-range-selectors promql-binop-fill-modifiers' -d 'Prometheus feature flag'
complete -c ttam -n '__ttam_using lint-rules' -l dialect -x -a 'prometheus thanos vmalert' -d 'The ruler the files are for'
complete -c ttam -n '__ttam_using lint-rules' -l ignore-unknown-fields -d 'Do not report fields Prometheus does not know'

# ttam cardinality [options] URL|FILE|-... | --config FILE | --prometheus URL
complete -c ttam -n '__ttam_using cardinality' -F
complete -c ttam -n '__ttam_using cardinality' -l config -r -F -d 'Scrape every target of this prometheus.yml'
complete -c ttam -n '__ttam_using cardinality' -l job -x -d 'With --config: only this job'
complete -c ttam -n '__ttam_using cardinality' -l concurrency -x -d 'With --config: scrapes at once'
complete -c ttam -n '__ttam_using cardinality' -l quiet -d 'No progress line'
complete -c ttam -n '__ttam_using cardinality' -l prometheus -x -d 'Measure a running Prometheus server'
complete -c ttam -n '__ttam_using cardinality' -l top -x -d 'How many metrics, labels and values to list (0 = all)'
complete -c ttam -n '__ttam_using cardinality' -l max-series-per-metric -x -d 'Budget: series per metric'
complete -c ttam -n '__ttam_using cardinality' -l max-label-values -x -d 'Budget: distinct values per label'
complete -c ttam -n '__ttam_using cardinality' -l max-total-series -x -d 'Budget: series in total'
complete -c ttam -n '__ttam_using cardinality' -l limits -r -F -d 'YAML file of budgets'
complete -c ttam -n '__ttam_using cardinality' -l save -r -F -d 'Write the measurement as JSON'
complete -c ttam -n '__ttam_using cardinality' -l baseline -r -F -d 'Compare with a saved measurement'
complete -c ttam -n '__ttam_using cardinality' -l max-growth -x -d 'Allowed growth per metric (10% or 500)'
complete -c ttam -n '__ttam_using cardinality' -l input-format -x -a 'auto text openmetrics' -d 'Exposition format'
complete -c ttam -n '__ttam_using cardinality' -l timeout -x -d 'Deadline for the whole request (e.g. 10s)'
complete -c ttam -n '__ttam_using cardinality' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using cardinality' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using cardinality' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using cardinality' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using cardinality' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using cardinality' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using cardinality' -l insecure -d 'Do not verify the TLS certificate'

# ttam query EXPR [--data FILE[@TIME]]... | --prometheus URL
complete -c ttam -n '__ttam_using query' -l data -r -F -d 'Local data: promqltest file, exposition, or FILE@TIME'
complete -c ttam -n '__ttam_using query' -l time -x -d 'Instant query time (RFC 3339 or Unix seconds)'
complete -c ttam -n '__ttam_using query' -l start -x -d 'Range query: first step'
complete -c ttam -n '__ttam_using query' -l end -x -d 'Range query: last step'
complete -c ttam -n '__ttam_using query' -l step -x -d 'Range query: step (e.g. 15s)'
complete -c ttam -n '__ttam_using query' -l lookback-delta -x -d 'How far back an instant selector looks (e.g. 5m)'
complete -c ttam -n '__ttam_using query' -l lookback -x -d 'How far back an instant selector looks (e.g. 5m)'
complete -c ttam -n '__ttam_using query' -l max-samples -x -d 'Most samples a local query may hold'
complete -c ttam -n '__ttam_using query' -l enable-feature -x -a 'promql-delayed-name-removal promql-experimental-functions promql-duration-expr promql-extended-range-selectors promql-binop-fill-modifiers' -d 'Prometheus feature flag'
complete -c ttam -n '__ttam_using query' -l prometheus -x -d 'Send the query to this Prometheus server'
complete -c ttam -n '__ttam_using query' -l input-format -x -a 'auto text openmetrics' -d 'Exposition format'
complete -c ttam -n '__ttam_using query' -l timeout -x -d 'Deadline for the whole request (e.g. 10s)'
complete -c ttam -n '__ttam_using query' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using query' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using query' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using query' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using query' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using query' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using query' -l insecure -d 'Do not verify the TLS certificate'

# ttam test-promql [--run REGEX] [--at-modifier-runs] [--quiet] FILE...
complete -c ttam -n '__ttam_using test-promql' -F
complete -c ttam -n '__ttam_using test-promql' -l run -x -d 'Run only the evals whose expression matches (RE2)'
complete -c ttam -n '__ttam_using test-promql' -l at-modifier-runs -d "Also run upstream's @ re-runs of instant evals"
complete -c ttam -n '__ttam_using test-promql' -l quiet -d 'No progress line'

# ttam test-rules [--run REGEX]... [--junit FILE] [--enable-feature NAME]... [--ignore-unknown-fields] [--quiet] [--debug] [--diff] FILE...
complete -c ttam -n '__ttam_using test-rules' -F
complete -c ttam -n '__ttam_using test-rules' -l run -x -d 'Run only the test groups whose name matches (Go regexp)'
complete -c ttam -n '__ttam_using test-rules' -l junit -r -F -d 'Also write the results as JUnit XML'
complete -c ttam -n '__ttam_using test-rules' -l enable-feature -x -a 'promql-delayed-name-removal promql-experimental-functions promql-duration-expr promql-extended-range-selectors promql-binop-fill-modifiers' -d 'Prometheus feature flag'
complete -c ttam -n '__ttam_using test-rules' -l ignore-unknown-fields -d 'Ignore unknown fields in the rule files'
complete -c ttam -n '__ttam_using test-rules' -l quiet -d 'No progress line'
complete -c ttam -n '__ttam_using test-rules' -l debug -d 'DEBUG lines and a dump of every series (stderr)'
complete -c ttam -n '__ttam_using test-rules' -l diff -d 'Accepted for promtool compatibility'

# ttam record [--interval D] [--duration D | --count N] [-o FILE] (URL... | --config FILE [--job NAME])
complete -c ttam -n '__ttam_using record' -l config -r -F -d 'Scrape the targets of this prometheus.yml'
complete -c ttam -n '__ttam_using record' -l job -x -d 'With URLs: their job label; with --config: only this job'
complete -c ttam -n '__ttam_using record' -l interval -x -d 'Time between scrapes (e.g. 15s)'
complete -c ttam -n '__ttam_using record' -l duration -x -d 'Stop after this long (e.g. 10m)'
complete -c ttam -n '__ttam_using record' -l count -x -d 'Stop after N scrapes'
complete -c ttam -n '__ttam_using record' -s o -l output -r -F -d 'Write the recording to this file'
complete -c ttam -n '__ttam_using record' -l concurrency -x -d 'Targets scraped at once'
complete -c ttam -n '__ttam_using record' -l quiet -d 'No progress line and no summary line'
complete -c ttam -n '__ttam_using record' -l input-format -x -a 'auto' -d 'Exposition format (only auto)'
complete -c ttam -n '__ttam_using record' -l timeout -x -d 'Deadline for each scrape (e.g. 10s)'
complete -c ttam -n '__ttam_using record' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using record' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using record' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using record' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using record' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using record' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using record' -l insecure -d 'Do not verify the TLS certificate'
# ttam quantile [-q Q,...] [--metric NAME] [--by L,...] [--under S] SOURCE...
complete -c ttam -n '__ttam_using quantile' -s q -l quantiles -x -d 'Quantiles to compute, from 0 to 1'
complete -c ttam -n '__ttam_using quantile' -l metric -x -d 'Only this histogram or summary'
complete -c ttam -n '__ttam_using quantile' -l by -x -d 'Group by these labels'
complete -c ttam -n '__ttam_using quantile' -l under -x -d 'Also the share at or below this bound (seconds)'
complete -c ttam -n '__ttam_using quantile' -l data -r -F -d 'Local data: recording, promqltest file, or FILE@TIME'
complete -c ttam -n '__ttam_using quantile' -l prometheus -x -d 'Send the queries to this Prometheus server'
complete -c ttam -n '__ttam_using quantile' -l config -r -F -d 'Scrape the targets of this prometheus.yml twice'
complete -c ttam -n '__ttam_using quantile' -l window -x -d 'Rate window; for URLs, the time between two scrapes'
complete -c ttam -n '__ttam_using quantile' -l job -x -d 'The job label of scraped URLs; with --config, only this job'
complete -c ttam -n '__ttam_using quantile' -l input-format -x -a 'auto text openmetrics' -d 'Exposition format'
complete -c ttam -n '__ttam_using quantile' -l timeout -x -d 'Deadline for the whole request (e.g. 10s)'
complete -c ttam -n '__ttam_using quantile' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using quantile' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using quantile' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using quantile' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using quantile' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using quantile' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using quantile' -l insecure -d 'Do not verify the TLS certificate'

# ttam burn-rate --slo SPEC.yml [--min-events N] SOURCE...
complete -c ttam -n '__ttam_using burn-rate' -F
complete -c ttam -n '__ttam_using burn-rate' -l slo -r -F -d 'The SLO spec: ttam, sloth prometheus/v1 or OpenSLO v1'
complete -c ttam -n '__ttam_using burn-rate' -l min-events -x -d 'A window pair alerts only with at least N events in its short window'
complete -c ttam -n '__ttam_using burn-rate' -l data -r -F -d 'Local data: recording, promqltest file, or FILE@TIME'
complete -c ttam -n '__ttam_using burn-rate' -l prometheus -x -d 'Send the queries to this Prometheus server'
complete -c ttam -n '__ttam_using burn-rate' -l config -r -F -d 'Scrape the targets of this prometheus.yml twice'
complete -c ttam -n '__ttam_using burn-rate' -l window -x -d 'For URLs, the time between two scrapes'
complete -c ttam -n '__ttam_using burn-rate' -l job -x -d 'The job label of scraped URLs; with --config, only this job'
complete -c ttam -n '__ttam_using burn-rate' -l input-format -x -a 'auto text openmetrics' -d 'Exposition format'
complete -c ttam -n '__ttam_using burn-rate' -l timeout -x -d 'Deadline for the whole request (e.g. 10s)'
complete -c ttam -n '__ttam_using burn-rate' -l max-bytes -x -d 'Largest body to accept (e.g. 64MiB)'
complete -c ttam -n '__ttam_using burn-rate' -l header -x -d "Extra request header ('Name: value')"
complete -c ttam -n '__ttam_using burn-rate' -l bearer-token-file -r -F -d "Send the file's content as a bearer token"
complete -c ttam -n '__ttam_using burn-rate' -l basic-auth-user -x -d 'HTTP basic auth user'
complete -c ttam -n '__ttam_using burn-rate' -l basic-auth-password-file -r -F -d 'HTTP basic auth password file'
complete -c ttam -n '__ttam_using burn-rate' -l ca-file -r -F -d 'CA bundle (PEM) to verify the server with'
complete -c ttam -n '__ttam_using burn-rate' -l insecure -d 'Do not verify the TLS certificate'

# ttam slo generate SPEC.yml [-o rules.yml] [--tests tests.yml]
complete -c ttam -n '__ttam_using slo; and not __fish_seen_subcommand_from generate' -a generate -d "Write an SLO spec's rules and their tests"
complete -c ttam -n '__ttam_using slo; and __fish_seen_subcommand_from generate' -F
complete -c ttam -n '__ttam_using slo' -s o -l output -r -F -d 'Write the rules to this file'
complete -c ttam -n '__ttam_using slo' -l tests -r -F -d 'Write the rule unit tests to this file'
complete -c ttam -n '__ttam_using slo' -l min-events -x -d 'Low-traffic guard: alert only with at least N events in the short window'

# ttam version (no arguments)
complete -c ttam -n '__ttam_using version' -f
