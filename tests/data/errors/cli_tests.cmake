# Generated from the examples of docs/errors.md: each error the program gives for a small input, its
# exit code (1 input, 2 command line), nothing on stdout, and the message on stderr.
set(E tests/data/errors)
medbudget_cli_test(err_case_invalid_json 1 ARGS settle ${E}/case-invalid-json.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/case-invalid-json.case.json: invalid JSON at line 1, column 36: syntax error while parsing object key - unexpected ','")
medbudget_cli_test(err_case_not_utf8 1 ARGS settle ${E}/case-not-utf8.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/case-not-utf8.case.json:1: not valid UTF-8")
medbudget_cli_test(err_case_duplicate_key 1 ARGS settle ${E}/case-duplicate-key.case.json STDOUT_EMPTY
                   STDERR_HAS "policy: duplicate key \"policy\"")
medbudget_cli_test(err_case_unknown_field 1 ARGS settle ${E}/case-unknown-field.case.json STDOUT_EMPTY
                   STDERR_HAS "colour: unknown field (expected one of: policy, policy_overrides, year, county, funds)")
medbudget_cli_test(err_case_missing_year 1 ARGS settle ${E}/case-missing-year.case.json STDOUT_EMPTY
                   STDERR_HAS "year: missing: the settlement year")
medbudget_cli_test(err_case_year_range 1 ARGS settle ${E}/case-year-range.case.json STDOUT_EMPTY
                   STDERR_HAS "year: expected at least 1990, got 1989")
medbudget_cli_test(err_case_year_not_whole 1 ARGS settle ${E}/case-year-not-whole.case.json STDOUT_EMPTY
                   STDERR_HAS "year: expected a whole number, got \"2024.5\"")
medbudget_cli_test(err_case_wrong_type 1 ARGS settle ${E}/case-wrong-type.case.json STDOUT_EMPTY
                   STDERR_HAS "county: expected an object, got a string")
medbudget_cli_test(err_case_admdvs 1 ARGS settle ${E}/case-admdvs.case.json STDOUT_EMPTY
                   STDERR_HAS "county.admdvs: expected 6 digits")
medbudget_cli_test(err_case_unknown_preset 1 ARGS settle ${E}/case-unknown-preset.case.json STDOUT_EMPTY
                   STDERR_HAS "policy: unknown preset \"harbinn\" (presets: guangdong_yangxi, harbin, hunan, sanming")
medbudget_cli_test(err_case_policy_file_missing 1 ARGS settle ${E}/case-policy-file-missing.case.json STDOUT_EMPTY
                   STDERR_HAS "policy: unknown preset \"no-such-policy.json\" (presets: guangdong_yangxi, harbin, hunan, sanming")
medbudget_cli_test(err_case_override_unknown 1 ARGS settle ${E}/case-override-unknown.case.json STDOUT_EMPTY
                   STDERR_HAS "policy_overrides.surplus_cap: unknown parameter for policy sanming (it has: age_bands, installment_rate, out_of_alliance_netting, rounding, unattributed_local)")
medbudget_cli_test(err_case_no_funds 1 ARGS settle ${E}/case-no-funds.case.json STDOUT_EMPTY
                   STDERR_HAS "funds: at least one fund is required")
medbudget_cli_test(err_case_insutype 1 ARGS settle ${E}/case-insutype.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].insutype: expected \"310\" (employee) or \"390\" (resident), got \"320\"")
medbudget_cli_test(err_case_no_alliances 1 ARGS settle ${E}/case-no-alliances.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances: at least one alliance is required")
medbudget_cli_test(err_case_empty_id 1 ARGS settle ${E}/case-empty-id.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].id: must not be empty")
medbudget_cli_test(err_case_member_twice 1 ARGS settle ${E}/case-member-twice.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].members[1].id: member id \"ZY\" appears twice")
medbudget_cli_test(err_case_negative_weight 1 ARGS settle ${E}/case-negative-weight.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].members[1].weight: must not be negative")
medbudget_cli_test(err_case_negative_amount 1 ARGS settle ${E}/case-negative-amount.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.in_alliance_local: must not be negative")
medbudget_cli_test(err_case_three_decimals 1 ARGS settle ${E}/case-three-decimals.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.in_alliance_local: \"1.234\" has more than two decimals (amounts are whole fen)")
medbudget_cli_test(err_case_exponent 1 ARGS settle ${E}/case-exponent.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].bundled_fiscal: \"1e5\" is not an amount in yuan: exponent notation is not accepted")
medbudget_cli_test(err_case_amount_text 1 ARGS settle ${E}/case-amount-text.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].bundled_fiscal: \"12,000.00\" is not an amount in yuan: unexpected character at position 3")
medbudget_cli_test(err_case_amount_range 1 ARGS settle ${E}/case-amount-range.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].bundled_fiscal: \"99999999999999999999.00\" is out of range for an amount")
medbudget_cli_test(err_case_insured_negative 1 ARGS settle ${E}/case-insured-negative.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].insured: expected at least 0, got -5")
medbudget_cli_test(err_case_months_13 1 ARGS settle ${E}/case-months-13.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.monthly.in_alliance_local: expected 1 to 12 months, January first")
medbudget_cli_test(err_case_months_differ 1 ARGS settle ${E}/case-months-differ.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.monthly: in_alliance_local and out_of_alliance_local give different numbers of months")
medbudget_cli_test(err_case_months_sum 1 ARGS settle ${E}/case-months-sum.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.in_alliance_local: the 12 months sum to 12.00, not 13.00")
medbudget_cli_test(err_case_score_range 1 ARGS settle ${E}/case-score-range.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].performance.score: expected a score from 0 to 100")
medbudget_cli_test(err_case_fund_twice 1 ARGS settle ${E}/case-fund-twice.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[1].insutype: fund 310 appears twice")
medbudget_cli_test(err_case_missing_budget_input 1 ARGS settle ${E}/case-missing-budget-input.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].budget_inputs.per_capita_package: missing: the per-capita annual package")
medbudget_cli_test(err_case_truncated 1 ARGS settle ${E}/case-truncated.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/case-truncated.case.json: invalid JSON at line 1, column 33: syntax error while parsing object - unexpected end of input")
medbudget_cli_test(err_case_unattributed_local 1 ARGS settle ${E}/case-unattributed-local.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0]: 1131829.74 of spend by local insured of no alliance at YA01's members (actuals.unattributed_local); set policy_overrides.unattributed_local to by_institution or pass_through")
medbudget_cli_test(err_case_payments_made_months 1 ARGS settle ${E}/case-payments-made-months.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.payments_made.monthly: expected exactly 12 months, January first, got 11")
medbudget_cli_test(err_case_payments_made_advance 1 ARGS settle ${E}/case-payments-made-advance.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.payments_made.advance: must not be negative")
medbudget_cli_test(err_case_nonlocal_paid_negative 1 ARGS settle ${E}/case-nonlocal-paid-negative.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.in_alliance_nonlocal_paid: must not be negative")
medbudget_cli_test(err_case_override_choice 1 ARGS settle ${E}/case-override-choice.case.json STDOUT_EMPTY
                   STDERR_HAS "policy_overrides.unattributed_local: unknown value \"sometimes\" (expected one of: error, by_institution, pass_through)")
medbudget_cli_test(err_case_netting_months 1 ARGS settle ${E}/case-netting-months.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].actuals.monthly.out_of_alliance_local: missing: the 12 months of O, required under out_of_alliance_netting monthly")
medbudget_cli_test(err_case_fact_unknown 1 ARGS settle ${E}/case-fact-unknown.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].performance.facts.bribes: unknown field (expected one of: fraud_events, shirking_complaints, signing_rate, signing_rate_prev, satisfaction)")
medbudget_cli_test(err_case_fact_share 1 ARGS settle ${E}/case-fact-share.case.json STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].performance.facts.signing_rate: expected a share from 0 to 1")
medbudget_cli_test(err_case_missing_file 1 ARGS settle ${E}/no-such.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/no-such.case.json: cannot open the file")
medbudget_cli_test(err_policy_rate_range 1 ARGS settle ${E}/policy-rate-range.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-rate-range.policy.json: policy.parameters.surplus_cap_rate: expected a rate from 0 to 1, got 1.5")
medbudget_cli_test(err_policy_weights_sum 1 ARGS settle ${E}/policy-weights-sum.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-weights-sum.policy.json: policy.parameters.history_weights: weights must sum to 1 (a weighted average), they sum to 1.1")
medbudget_cli_test(err_policy_unknown_allocation 1 ARGS settle ${E}/policy-unknown-allocation.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-unknown-allocation.policy.json: policy.budget.allocation: unknown value \"lottery\" (expected one of: age_band_capitation, expl")
medbudget_cli_test(err_policy_missing_clause 1 ARGS settle ${E}/policy-missing-clause.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-missing-clause.policy.json: policy.parameters.surplus_cap_rate.clause: missing: the clause, or \"local default\"")
medbudget_cli_test(err_policy_band_gap 1 ARGS settle ${E}/policy-band-gap.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-band-gap.policy.json: policy.parameters.age_bands[1]: bands must be contiguous from age 0: expected a band starting at 18")
medbudget_cli_test(err_policy_corridor_5 1 ARGS settle ${E}/policy-corridor-5.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-corridor-5.policy.json: policy.corridor.surplus: more than 4 bands")
medbudget_cli_test(err_policy_limit_text 1 ARGS settle ${E}/policy-limit-text.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-limit-text.policy.json: policy.corridor.surplus[0].limit: expected \"unbounded\" or an object")
medbudget_cli_test(err_policy_cap_on_surplus 1 ARGS settle ${E}/policy-cap-on-surplus.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-cap-on-surplus.policy.json: policy.corridor.surplus[0].cap: a growth cap applies to the overspend side only")
medbudget_cli_test(err_policy_deductions_whole 1 ARGS settle ${E}/policy-deductions-whole.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-deductions-whole.policy.json: policy.budget.deductions: deductions take the whole base or more")
medbudget_cli_test(err_policy_advance_months 1 ARGS settle ${E}/policy-advance-months.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-advance-months.policy.json: policy.parameters.advance_months: expected 0 to 12 months")
medbudget_cli_test(err_policy_declaration_day 1 ARGS settle ${E}/policy-declaration-day.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-declaration-day.policy.json: policy.parameters.declaration_day: expected a day from 1 to 28")
medbudget_cli_test(err_policy_no_id 1 ARGS settle ${E}/policy-no-id.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-no-id.policy.json: policy.id: missing: the policy's id")
medbudget_cli_test(err_calendar_gap 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-gap.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-gap.calendar.json: years[0].year: 2028 leaves a gap after the calendar's 2019–2026")
medbudget_cli_test(err_calendar_bad_date 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-bad-date.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-bad-date.calendar.json: years[0].rest[0].to: expected a date YYYY-MM-DD")
medbudget_cli_test(err_calendar_from_after_to 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-from-after-to.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-from-after-to.calendar.json: years[0].rest[0].to: 2027-01-01 is before from 2027-01-03")
medbudget_cli_test(err_calendar_block_other_year 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-block-other-year.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-block-other-year.calendar.json: years[0].rest[0].from: 2026-12-31 is not in 2027")
medbudget_cli_test(err_calendar_workday_weekday 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-workday-weekday.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-workday-weekday.calendar.json: years[0].workdays[0]: 2027-01-04 is a weekday: a make-up working day falls on a weekend")
medbudget_cli_test(err_calendar_workday_in_rest 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-workday-in-rest.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-workday-in-rest.calendar.json: years[0].workdays[0]: 2027-01-02 is inside the rest block x")
medbudget_cli_test(err_calendar_workday_twice 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-workday-twice.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-workday-twice.calendar.json: years[0].workdays[1]: 2027-01-02 is listed twice")
medbudget_cli_test(err_calendar_count_wrong 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-count-wrong.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-count-wrong.calendar.json: years[0].working_days: states 100 but the dates give 261")
medbudget_cli_test(err_calendar_count_367 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-count-367.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-count-367.calendar.json: years[0].working_days: expected at most 366")
medbudget_cli_test(err_calendar_no_notice 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-no-notice.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-no-notice.calendar.json: years[0].notice: missing: the notice the year's days come from")
medbudget_cli_test(err_calendar_unknown_key 1 ARGS calendar is-workday 2027-01-04 --calendar ${E}/calendar-unknown-key.calendar.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/calendar-unknown-key.calendar.json: colour: unknown field (expected one of: calendar, description, years)")
medbudget_cli_test(err_calendar_beyond 1 ARGS calendar add-workdays 2026-12-10 30 STDOUT_EMPTY
                   STDERR_HAS "30 working days after 2026-12-10 is beyond the working-day calendar, which ends with 2026 (load the next year's notice with a calendar file)")
medbudget_cli_test(err_calendar_before 1 ARGS calendar is-workday 2018-12-31 STDOUT_EMPTY
                   STDERR_HAS "2018-12-31 is before the working-day calendar, which starts with 2019")
medbudget_cli_test(err_command_line_no_command 2 STDOUT_EMPTY STDERR_HAS "a command is required")
medbudget_cli_test(err_command_line_unknown_command 2 ARGS frobnicate STDOUT_EMPTY
                   STDERR_HAS "unknown command \"frobnicate\"")
medbudget_cli_test(err_command_line_unknown_option 2 ARGS settle examples/cases/harbin-surplus.case.json --colour STDOUT_EMPTY
                   STDERR_HAS "unknown option --colour")
medbudget_cli_test(err_command_line_needs_value 2 ARGS settle examples/cases/harbin-surplus.case.json --format STDOUT_EMPTY
                   STDERR_HAS "--format needs a value")
medbudget_cli_test(err_command_line_bad_format 2 ARGS settle examples/cases/harbin-surplus.case.json --format pdf STDOUT_EMPTY
                   STDERR_HAS "--format takes json, text or csv, not pdf")
medbudget_cli_test(err_command_line_bad_lang 2 ARGS settle examples/cases/harbin-surplus.case.json --lang fr STDOUT_EMPTY
                   STDERR_HAS "--lang takes zh or en, not fr")
medbudget_cli_test(err_command_line_bad_encoding 2 ARGS settle examples/cases/harbin-surplus.case.json --format csv --encoding latin1 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --encoding takes utf-8, utf-8-bom or gb18030, not latin1 (see medbudget --help)")
medbudget_cli_test(err_command_line_encoding_without_csv 2 ARGS settle examples/cases/harbin-surplus.case.json --format json --encoding gb18030 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --encoding applies to --format csv and to --claims and the files read with it (see medbudget --help)")
medbudget_cli_test(err_command_line_encoding_default_format 2 ARGS budget examples/cases/harbin-surplus.case.json --encoding utf-8 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --encoding applies to --format csv and to --claims and the files read with it (see medbudget --help)")
medbudget_cli_test(err_command_line_given_twice 2 ARGS settle examples/cases/harbin-surplus.case.json --claims a --claims b STDOUT_EMPTY
                   STDERR_HAS "--claims given twice")
medbudget_cli_test(err_command_line_threads_0 2 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --threads 0 STDOUT_EMPTY
                   STDERR_HAS "--threads takes a whole number from 1 to 999")
medbudget_cli_test(err_command_line_county_missing 2 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --year 2024 STDOUT_EMPTY
                   STDERR_HAS "--county is required")
medbudget_cli_test(err_command_line_county_form 2 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --year 2024 --county 23012 STDOUT_EMPTY
                   STDERR_HAS "--county takes a 6-digit 医保区划 code")
medbudget_cli_test(err_command_line_year_form 2 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 24 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --year takes a year from 1990 to 2100, such as 2024 (see medbudget --help)")
medbudget_cli_test(err_command_line_two_cases 2 ARGS settle a.case.json b.case.json STDOUT_EMPTY
                   STDERR_HAS "settle takes one case file")
medbudget_cli_test(err_command_line_registry_alone 2 ARGS settle examples/cases/harbin-surplus.case.json --registry tests/data/claims/small/registry.csv STDOUT_EMPTY
                   STDERR_HAS "--registry and --attribution go with --claims")
medbudget_cli_test(err_command_line_calendar_no_question 2 ARGS calendar STDOUT_EMPTY
                   STDERR_HAS "calendar needs a question: add-workdays, is-workday, between or data")
medbudget_cli_test(err_command_line_calendar_arity 2 ARGS calendar is-workday STDOUT_EMPTY
                   STDERR_HAS "calendar is-workday takes a date YYYY-MM-DD")
medbudget_cli_test(err_command_line_calendar_bad_date 2 ARGS calendar is-workday 2024-02-30 STDOUT_EMPTY
                   STDERR_HAS "--date takes a date YYYY-MM-DD, got \"2024-02-30\"")
medbudget_cli_test(err_command_line_schedule_year_end 2 ARGS schedule examples/cases/hunan-two-alliances.case.json --year-end-date 2025-13-01 STDOUT_EMPTY
                   STDERR_HAS "--year-end-date takes a date YYYY-MM-DD, got \"2025-13-01\"")
medbudget_cli_test(err_command_line_calendar_with_settle 2 ARGS settle examples/cases/harbin-surplus.case.json --calendar data/cn-workdays.json STDOUT_EMPTY
                   STDERR_HAS "--calendar and --year-end-date go with schedule")
medbudget_cli_test(err_command_line_monitor_through 2 ARGS monitor examples/cases/harbin-surplus.case.json --through 2024-13 STDOUT_EMPTY
                   STDERR_HAS "--through takes a month YYYY-MM with MM from 01 to 12")
medbudget_cli_test(err_command_line_monitor_other_year 1 ARGS monitor examples/cases/harbin-surplus.case.json --through 2023-09 STDOUT_EMPTY
                   STDERR_HAS "year: the case is for 2024, --through names 2023-09")
medbudget_cli_test(err_command_line_presets_arg 2 ARGS presets x STDOUT_EMPTY
                   STDERR_HAS "presets takes no argument")
medbudget_cli_test(err_command_line_policy_arity 2 ARGS policy STDOUT_EMPTY
                   STDERR_HAS "policy takes one preset id")
medbudget_cli_test(err_command_line_policy_unknown 1 ARGS policy nowhere STDOUT_EMPTY
                   STDERR_HAS "policy: unknown preset \"nowhere\" (presets: guangdong_yangxi, harbin, hunan, sanming")
medbudget_cli_test(err_records_registry_empty 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-empty.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-empty.registry.csv: the file is empty: a header row is required")
medbudget_cli_test(err_records_registry_column 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-column.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-column.registry.csv:1: missing required column primary")
medbudget_cli_test(err_records_registry_code_twice 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-code-twice.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-code-twice.registry.csv:3: column fixmedins_code: \"H2301230000\" appears twice")
medbudget_cli_test(err_records_registry_admdvs 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-admdvs.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-admdvs.registry.csv:2: column admdvs: expected 6 digits, got \"23012\"")
medbudget_cli_test(err_records_registry_level 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-level.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-level.registry.csv:2: column level: expected 0, 1, 2 or 3, got \"4\"")
medbudget_cli_test(err_records_registry_primary 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-primary.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-primary.registry.csv:2: column primary: expected 0 or 1, got \"2\"")
medbudget_cli_test(err_records_registry_member 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-member.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-member.registry.csv:2: column member_id: expected the member unit of an alliance member")
medbudget_cli_test(err_records_registry_fields 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-fields.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-fields.registry.csv:2: expected 7 fields (as the header), found 3")
medbudget_cli_test(err_records_records_empty 1 ARGS aggregate --claims ${E}/records-records-empty.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-empty.claims.csv:1: the file is empty: a header row is required")
medbudget_cli_test(err_records_records_column 1 ARGS aggregate --claims ${E}/records-records-column.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-column.claims.csv:1: missing required column hifp_pay")
medbudget_cli_test(err_records_records_fields 1 ARGS aggregate --claims ${E}/records-records-fields.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-fields.claims.csv:2: expected 16 fields (as the header), found 3")
medbudget_cli_test(err_records_records_age 1 ARGS aggregate --claims ${E}/records-records-age.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-age.claims.csv:2:11: column age: expected an age from 0 to 150")
medbudget_cli_test(err_records_records_time 1 ARGS aggregate --claims ${E}/records-records-time.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-time.claims.csv:2:8: column setl_time: expected a settlement time yyyy-MM-dd HH:mm:ss, got \"2024-05-29\"")
medbudget_cli_test(err_records_records_admdvs 1 ARGS aggregate --claims ${E}/records-records-admdvs.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-admdvs.claims.csv:2:10: column insu_admdvs: expected a 6-digit 医保区划 code, got \"23012\"")
medbudget_cli_test(err_records_records_quote 1 ARGS aggregate --claims ${E}/records-records-quote.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-quote.claims.csv:2: a quote inside an unquoted field (column 1)")
medbudget_cli_test(err_records_records_unterminated 1 ARGS aggregate --claims ${E}/records-records-unterminated.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-unterminated.claims.csv:2: a quoted field is not closed before the end of the file")
medbudget_cli_test(err_records_records_utf8 1 ARGS aggregate --claims ${E}/records-records-utf8.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-utf8.claims.csv:2: not valid UTF-8")
# What a spreadsheet's export most likely is, said with the fix: GB18030 bytes, thousands separators
# out of place, a total row, a blank row of separators, a date as Excel shows it.
medbudget_cli_test(err_records_records_gb18030 1 ARGS aggregate --claims ${E}/records-records-gb18030.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-gb18030.claims.csv:3: not valid UTF-8; the line reads as GB18030 (GBK), as files saved on Chinese Windows often are: read it with --encoding gb18030, save it as UTF-8 (in Excel: \"CSV UTF-8\"), or convert it with iconv -f GB18030 -t UTF-8")
medbudget_cli_test(err_records_registry_gb18030 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-gb18030.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-gb18030.registry.csv:2: not valid UTF-8; the line reads as GB18030 (GBK), as files saved on Chinese Windows often are: read it with --encoding gb18030, save it as UTF-8 (in Excel: \"CSV UTF-8\"), or convert it with iconv -f GB18030 -t UTF-8")
medbudget_cli_test(err_case_gb18030 1 ARGS settle ${E}/case-gb18030.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/case-gb18030.case.json:6: not valid UTF-8; the line reads as GB18030 (GBK), as files saved on Chinese Windows often are: save the file as UTF-8, or convert it with iconv -f GB18030 -t UTF-8")
medbudget_cli_test(err_records_not_gb18030 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --encoding gb18030 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/claims/small/registry.csv:8: not valid GB18030 (--encoding gb18030): is the file UTF-8?")
medbudget_cli_test(err_records_records_thousands 1 ARGS aggregate --claims ${E}/records-records-thousands.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-thousands.claims.csv:2:14: column hifp_pay: expected an amount in yuan; thousands separators stand between groups of three digits, as in 24,794.48, got \"24,79.48\"")
medbudget_cli_test(err_records_records_total_row 1 ARGS aggregate --claims ${E}/records-records-total-row.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-total-row.claims.csv:3: a total row (合计): a records file holds settlement rows only; delete the row, or export without it")
medbudget_cli_test(err_records_records_empty_row 1 ARGS aggregate --claims ${E}/records-records-empty-row.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-empty-row.claims.csv:3: an empty row (separators only, as a spreadsheet writes a blank row): delete it")
medbudget_cli_test(err_records_records_spreadsheet_date 1 ARGS aggregate --claims ${E}/records-records-spreadsheet-date.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-spreadsheet-date.claims.csv:2:8: column setl_time: expected a settlement time yyyy-MM-dd HH:mm:ss, got \"2024/5/29 10:00\" (a date as a spreadsheet shows it: format the column as yyyy-mm-dd hh:mm:ss before saving the CSV)")
medbudget_cli_test(err_records_attribution_person_twice 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/registry-two.csv --attribution ${E}/records-attribution-person-twice.attribution.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-attribution-person-twice.attribution.csv:3: column psn_no: the person is attributed twice")
medbudget_cli_test(err_records_attribution_alliance 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/registry-two.csv --attribution ${E}/records-attribution-alliance.attribution.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-attribution-alliance.attribution.csv:2: column alliance_id: \"ZZ\" is no alliance of the registry")
medbudget_cli_test(err_records_year 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2023 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/claims/small/claims.csv: no record of 2023 (setl_time); the file's records are of 2024 (312 records), 2025 (1 record)")
medbudget_cli_test(err_records_county 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230125 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/claims/small/claims.csv: no counted record is of an insured of county 230125 (insu_admdvs); the file's most frequent insu_admdvs: 230123 (294 records), 230102 (8 records), 230124 (6 records), 440102 (5 records)")
medbudget_cli_test(err_records_overflow 1 ARGS aggregate --claims ${E}/records-records-overflow.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-overflow.claims.csv: hifp_pay adds up past 92233720368547758.07 yuan, the largest total the program holds")
medbudget_cli_test(err_records_reverses_itself 1 ARGS aggregate --claims ${E}/records-records-reverses-itself.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-reverses-itself.claims.csv:3:2: column init_setl_id: expected the id of another settlement (a row cannot reverse itself), got \"R1\"")
medbudget_cli_test(err_records_reversal_larger 1 ARGS aggregate --claims ${E}/records-records-reversal-larger.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-reversal-larger.claims.csv:3: the reversal of setl_id \"S1\" reverses more than was paid: hifp_pay -60.01 reversed, 60.00 paid (line 2)")
medbudget_cli_test(err_records_reversal_person 1 ARGS aggregate --claims ${E}/records-records-reversal-person.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-reversal-person.claims.csv:3: the reversal of setl_id \"S1\" (line 2) is another person's: psn_no differs")
medbudget_cli_test(err_records_negative_medfee 1 ARGS aggregate --claims ${E}/records-records-negative-medfee.claims.csv --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-records-negative-medfee.claims.csv:2:13: column medfee_sumamt: expected zero or a positive amount (a negative one needs init_setl_id), got \"-100.00\"")
medbudget_cli_test(err_records_directory 1 ARGS aggregate --claims tests/data/claims --registry tests/data/claims/small/registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/claims: is a directory, not a records file")
medbudget_cli_test(err_registry_column_twice 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-column-twice.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-column-twice.registry.csv:1: column admdvs appears twice (as \"admdvs\" and \"Admdvs\")")
medbudget_cli_test(err_registry_dual_channel 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry ${E}/records-registry-dual-channel.registry.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-registry-dual-channel.registry.csv:2: column dual_channel: expected 0 or 1, got \"2\"")
medbudget_cli_test(err_attribution_column_twice 1 ARGS aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/registry-two.csv --attribution ${E}/records-attribution-column-twice.attribution.csv --county 230123 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/records-attribution-column-twice.attribution.csv:1: column psn_no appears twice (as \"psn_no\" and \"PSN_NO\")")
medbudget_cli_test(err_alliance_missing 1 ARGS settle ${E}/records-alliance-missing.case.json --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --quiet STDOUT_EMPTY
                   STDERR_HAS "funds[0].alliances[0].id: alliance \"YL09\" is not in the institution registry")
medbudget_cli_test(err_command_line_demo_no_cases 1 ARGS demo tests/data/calendar STDOUT_EMPTY
                   STDERR_HAS "tests/data/calendar: no *.case.json files")
medbudget_cli_test(err_command_line_demo_no_dir 1 ARGS demo ${E}/no-such-dir STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/no-such-dir: cannot read the directory")
medbudget_cli_test(err_command_line_demo_two_dirs 2 ARGS demo a b STDOUT_EMPTY STDERR_HAS "demo takes at most one directory")
medbudget_cli_test(err_command_line_calendar_unknown_question 2 ARGS calendar tomorrow 2024-01-01 STDOUT_EMPTY
                   STDERR_HAS "unknown calendar question \"tomorrow\"")
# ---- indicators (docs/errors.md "Indicators") ----
medbudget_cli_test(err_indicators_dscg_before_adm 1 ARGS indicators --claims ${E}/indicators-dscg-before-adm.claims.csv
                   --registry tests/data/indicators/registry.csv --county 441721 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/indicators-dscg-before-adm.claims.csv:2:15: expected a discharge on or after the admission")
medbudget_cli_test(err_indicators_medfee_overflow 1 ARGS indicators --claims ${E}/indicators-medfee-overflow.claims.csv
                   --registry tests/data/indicators/registry.csv --county 441721 --year 2024 --quiet STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/indicators-medfee-overflow.claims.csv: medfee_sumamt adds up past 92233720368547758.07 yuan, the largest total the program holds")
medbudget_cli_test(err_policy_unknown_fact 1 ARGS settle ${E}/policy-unknown-fact.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-unknown-fact.policy.json: policy.indicators.requirements[1].case_fact: unknown case fact \"fraud_event\" (known: fraud_events, shirking_complaints, signing_rate, signing_rate_prev, signing_rate_change, satisfaction)")
medbudget_cli_test(err_policy_fact_and_indicator 1 ARGS settle ${E}/policy-fact-and-indicator.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-fact-and-indicator.policy.json: policy.indicators.requirements[1]: expected one of indicator and case_fact, not both")
medbudget_cli_test(err_policy_fact_twice 1 ARGS settle ${E}/policy-fact-twice.case.json STDOUT_EMPTY
                   STDERR_HAS "tests/data/errors/policy-fact-twice.policy.json: policy.indicators.requirements[2].case_fact: case fact fraud_events is required twice")

# ---- every flag validated as the case fields are (one path: commands.hpp's *_option functions) ----
set(agg aggregate --claims tests/data/claims/small/claims.csv --registry tests/data/claims/small/registry.csv --county 230123)
set(ind indicators --claims tests/data/indicators/claims_2024.csv --registry tests/data/indicators/registry.csv --county 441721)
medbudget_cli_test(err_flag_year_0000 2 ARGS ${agg} --year 0000 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --year takes a year from 1990 to 2100, such as 2024 (see medbudget --help)")
medbudget_cli_test(err_flag_year_9999 2 ARGS ${ind} --year 9999 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --year takes a year from 1990 to 2100, such as 2024 (see medbudget --help)")
medbudget_cli_test(err_flag_year_1989 2 ARGS ${agg} --year 1989 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --year takes a year from 1990 to 2100, such as 2024 (see medbudget --help)")
medbudget_cli_test(err_flag_threads_00 2 ARGS ${agg} --year 2024 --threads 00 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --threads takes a whole number from 1 to 999 (see medbudget --help)")
medbudget_cli_test(err_flag_threads_007 2 ARGS ${agg} --year 2024 --threads 007 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --threads takes a whole number from 1 to 999 (see medbudget --help)")
medbudget_cli_test(err_flag_indicators_county 2 ARGS indicators --claims tests/data/indicators/claims_2024.csv
                   --registry tests/data/indicators/registry.csv --county 4417 --year 2024 STDOUT_EMPTY
                   STDERR_HAS "medbudget: --county takes a 6-digit 医保区划 code (see medbudget --help)")
medbudget_cli_test(err_flag_generate_seed_leading_zero 2 ARGS generate --county 230123 --insured 10 --records 10 --seed 01
                   --out build-never-written STDOUT_EMPTY
                   STDERR_HAS "medbudget: --seed takes a whole number from 0 to 9223372036854775807 (see medbudget --help)")
medbudget_cli_test(err_flag_generate_year 2 ARGS generate --county 230123 --insured 10 --records 10 --seed 1 --year 2101
                   --out build-never-written STDOUT_EMPTY
                   STDERR_HAS "medbudget: --year takes a year from 1990 to 2100, such as 2024 (see medbudget --help)")
medbudget_cli_test(err_flag_generate_county 2 ARGS generate --county 23012x --insured 10 --records 10 --seed 1
                   --out build-never-written STDOUT_EMPTY
                   STDERR_HAS "medbudget: --county takes a 6-digit 医保区划 code (see medbudget --help)")
medbudget_cli_test(err_flag_scenarios_leading_zero 2 ARGS simulate tests/data/simulate/harbin-june.case.json --scenarios 010
                   --seed 1 STDOUT_EMPTY STDERR_HAS "medbudget: --scenarios takes a whole number from 1 to 10000000 (see medbudget --help)")
medbudget_cli_test(err_flag_days_leading_zero 2 ARGS calendar add-workdays 2024-02-10 030 STDOUT_EMPTY
                   STDERR_HAS "medbudget: the number of working days takes a whole number from 0 to 3660 (see medbudget --help)")

# ---- control characters: refused in ids and names, escaped wherever a message echoes input -------
medbudget_cli_test(err_case_control_char_name 1 ARGS settle ${E}/case-control-char-name.case.json STDOUT_EMPTY
                   STDERR_HAS "medbudget: error: funds[0].alliances[0].name: control character U+0007 is not allowed (ids, names and texts are printed)")
medbudget_cli_test(err_case_control_char_id 1 ARGS settle ${E}/case-control-char-id.case.json STDOUT_EMPTY
                   STDERR_HAS "medbudget: error: funds[0].alliances[0].id: control character U+001B is not allowed (ids, names and texts are printed)")
medbudget_cli_test(err_case_control_char_key 1 ARGS settle ${E}/case-control-char-key.case.json STDOUT_EMPTY
                   STDERR_HAS "medbudget: error: col\\u001bour: unknown field (expected one of: policy, policy_overrides, year, county, funds)")
