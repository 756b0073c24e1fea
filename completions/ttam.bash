# bash completion for ttam(1)                                -*- shell-script -*-
#
# Install as /usr/share/bash-completion/completions/ttam, or source it from
# ~/.bashrc. Needs bash 4.3 or later, and nothing from the bash-completion
# package.

# Options every subcommand accepts, before or after the subcommand's name.
_ttam_global_options='--format --color --fail-on --disable --enable --max-findings --group-after --help -h --version'

# One row per subcommand: "name:its own options".
_ttam_subcommands=(
  'scrape:--check --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure --require-prefix'
  'lint-config:--agent --enable-feature'
  'lint-rules:--config --enable-feature --metadata --scrape-metadata --dialect --ignore-unknown-fields'
  'cardinality:--config --job --concurrency --quiet --prometheus --top --max-series-per-metric --max-label-values --max-total-series --limits --save --baseline --max-growth --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure'
  'query:--data --time --start --end --step --lookback-delta --lookback --max-samples --enable-feature --prometheus --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure'
  'quantile:-q --quantiles --metric --by --under --data --prometheus --config --window --job --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure'
  'test-promql:--run --at-modifier-runs --quiet'
  'test-rules:--run --junit --enable-feature --ignore-unknown-fields --quiet --debug --diff'
  'burn-rate:--slo --min-events --data --prometheus --config --window --job --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure'
  'slo:-o --output --tests --min-events'
  'record:--config --job --interval --duration --count -o --output --concurrency --quiet --input-format --timeout --max-bytes --header --bearer-token-file --basic-auth-user --basic-auth-password-file --ca-file --insecure'
  'version:'
)

# Every option that takes a value, and how to complete it: words to offer,
# @file for file names, or nothing when the value cannot be guessed.
# (declare -g: bash-completion sources this file inside a function.)
declare -gA _ttam_option_values=(
  [--format]='text json github sarif gitlab'
  [--color]='auto always never'
  [--fail-on]='error warning info page ticket'
  [--disable]=''
  [--enable]='strict'
  [--max-findings]=''
  [--group-after]=''
  [--dialect]='prometheus thanos vmalert'
  [--input-format]='auto text openmetrics'
  [--timeout]=''
  [--max-bytes]=''
  [--header]=''
  [--bearer-token-file]='@file'
  [--basic-auth-user]=''
  [--basic-auth-password-file]='@file'
  [--ca-file]='@file'
  [--require-prefix]=''
  [--config]='@file'
  [--metadata]='@file'
  [--job]=''
  [--concurrency]=''
  [--prometheus]=''
  [--top]=''
  [--max-series-per-metric]=''
  [--max-label-values]=''
  [--max-total-series]=''
  [--limits]='@file'
  [--save]='@file'
  [--baseline]='@file'
  [--max-growth]=''
  [--data]='@file'
  [--time]=''
  [--start]=''
  [--end]=''
  [--step]=''
  [--lookback-delta]=''
  [--lookback]=''
  [--max-samples]=''
  [--run]=''
  [-q]=''
  [--quantiles]=''
  [--metric]=''
  [--by]=''
  [--under]=''
  [--window]=''
  [--junit]='@file'
  [--interval]=''
  [--duration]=''
  [--count]=''
  [-o]='@file'
  [--output]='@file'
  [--slo]='@file'
  [--min-events]=''
  [--tests]='@file'
  [--enable-feature]='promql-experimental-functions promql-duration-expr promql-extended-range-selectors promql-binop-fill-modifiers'
)

# Sets COMPREPLY to the file names that start with $1.
_ttam_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

# Sets COMPREPLY to the words of $1 that start with $2.
_ttam_words() {
  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# Completes the value $2 of option $1.
_ttam_value() {
  local spec=${_ttam_option_values[$1]}
  if [[ $spec == @file ]]; then
    _ttam_files "$2"
  elif [[ -n $spec ]]; then
    _ttam_words "$spec" "$2"
  fi
}

_ttam() {
  COMPREPLY=()
  local cur=${COMP_WORDS[COMP_CWORD]} prev= option=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

  # An option's value: "--format j", or "--format=j", which bash splits into
  # "--format" "=" "j" unless '=' was removed from COMP_WORDBREAKS.
  if [[ $cur == --*=* ]]; then
    option=${cur%%=*}
    if [[ -v _ttam_option_values[$option] ]]; then
      _ttam_value "$option" "${cur#*=}"
      COMPREPLY=("${COMPREPLY[@]/#/$option=}")
    fi
    return 0
  elif [[ $cur == = && $prev == --* ]]; then
    option=$prev
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    option=${COMP_WORDS[COMP_CWORD - 2]}
  elif [[ $prev == --* ]]; then
    option=$prev
  fi
  if [[ -n $option && -v _ttam_option_values[$option] ]]; then
    _ttam_value "$option" "$cur"
    return 0
  fi

  # Find the subcommand: the first word that is neither an option nor an
  # option's value.
  local i word command= row options=$_ttam_global_options names=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == = ]]; then
      ((i++))
    elif [[ $word == -* ]]; then
      [[ -v _ttam_option_values[$word] && ${COMP_WORDS[i + 1]} != = ]] && ((i++))
    else
      command=$word
      break
    fi
  done
  for row in "${_ttam_subcommands[@]}"; do
    names+=" ${row%%:*}"
    [[ -n $command && ${row%%:*} == "$command" ]] && options+=" ${row#*:}"
  done

  if [[ $cur == -* ]]; then
    _ttam_words "$options" "$cur"
  elif [[ -z $command ]]; then
    _ttam_words "$names" "$cur"
  elif [[ $command == slo && $((i + 1)) == "$COMP_CWORD" ]]; then
    # slo's own subcommand.
    _ttam_words "generate" "$cur"
  elif [[ $command == version ]]; then
    # version takes no arguments.
    :
  else
    # Subcommands take file names (or URLs, which cannot be completed).
    _ttam_files "$cur"
  fi
  return 0
}

complete -F _ttam ttam
