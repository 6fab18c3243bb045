// The record rules (records.hpp): insutype → fund, med_type → care category, and the order in which
// a row's exclusion is tested — each against the contract's list, code by code.
#include <gtest/gtest.h>

#include "medbudget/records.hpp"

using medbudget::care_category;
using medbudget::exclusion;

TEST(RecordRules, OnlyEmployeeAndResidentFundsCount) {
  EXPECT_EQ(medbudget::record_fund("310"), 0u);
  EXPECT_EQ(medbudget::record_fund("390"), 1u);
  for (const char* other : {"", "31", "3100", "320", "391", "392", "410"}) EXPECT_FALSE(medbudget::record_fund(other)) << other;
}

TEST(RecordRules, CareCategoryByTheFirstTwoDigitsOfMedType) {
  for (const char* code : {"11", "12", "14", "16", "140104", "51", "5101"})
    EXPECT_EQ(medbudget::record_care(code), care_category::outpatient) << code;
  for (const char* code : {"21", "22", "28", "2801", "52"}) EXPECT_EQ(medbudget::record_care(code), care_category::inpatient) << code;
  for (const char* code : {"", "1", "10", "17", "20", "29", "41", "53", "99", "1A", "A1", "9901"})
    EXPECT_EQ(medbudget::record_care(code), care_category::other) << code;
}

TEST(RecordRules, ExclusionTestedInOrderValidityFundPeriod) {
  EXPECT_EQ(medbudget::record_exclusion("1", "390", 2024, 2024), exclusion::none);
  // Each reason wins over the ones after it.
  EXPECT_EQ(medbudget::record_exclusion("0", "391", 2023, 2024), exclusion::invalid);
  EXPECT_EQ(medbudget::record_exclusion("1", "391", 2023, 2024), exclusion::other_insutype);
  EXPECT_EQ(medbudget::record_exclusion("1", "310", 2023, 2024), exclusion::out_of_period);
  EXPECT_EQ(medbudget::record_exclusion("2", "310", 2024, 2024), exclusion::invalid);
}

TEST(RecordRules, AReversalIsARowWithInitSetlId) {
  EXPECT_TRUE(medbudget::record_is_reversal("S1"));
  EXPECT_FALSE(medbudget::record_is_reversal(""));
}
