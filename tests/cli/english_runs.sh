# english_runs MIN TEXT (sourced by the Chinese-output suites): prints each run of MIN or more
# English words left in TEXT, line by line. Not counted: text between '...', "..." or `...`
# quotes (names, values, examples), option names (--role), placeholders and codes (PROJECT.gpkg,
# grid_worker, EPSG:4547, csv|json), a run that starts with "gridmap" (a command line), and a
# list of codes ("plain, coverage, issues"). Chinese text ends a run. The rule of
# messages_zh_test.sh, with the minimum as a parameter.
english_runs() {
  local min=$1
  MIN=$min perl -CSD -ne '
    s/^gridmap( [a-z]+)?：//;          # the "gridmap COMMAND：" prefix of a message
    s/'"'"'[^'"'"'\n]*'"'"'/ Q1 /g;  # quoted names and values
    s/"[^"\n]*"/ Q2 /g;
    s/`[^`\n]*`/ Q3 /g;
    my @run; my @runs;
    my $flush = sub {
      my $list = @run > 1 && !grep { !/,$/ } @run[0 .. $#run - 1];   # "plain, coverage": codes
      push @runs, join(" ", @run) if @run >= $ENV{MIN} && $run[0] ne "gridmap" && !$list;
      @run = ();
    };
    for my $t (split /(\s+|[^\x00-\x7F]+)/) {   # Chinese text ends a run
      next if $t eq "" || $t =~ /^\s+$/;
      if ($t =~ /^[A-Za-z]*[a-z][A-Za-z]*[,.;:?]?$/ && (length($t) >= 2 || $t eq "a")) {
        push @run, $t;
        next;
      }
      $flush->();
    }
    $flush->();
    print "$_\n" for @runs;' <<<"$2"
}
