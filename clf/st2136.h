// SPDX-License-Identifier: Apache-2.0
// SMPTE ST 2136-1 (2024), the standardised Common LUT Format: the same process nodes as Academy CLF
// v3 in the namespace "http://www.smpte-ra.org/ns/2136-1/2024", with the ProcessList's identifier
// also given as an <Id> element holding a urn:uuid. aceslab writes it the way OpenColorIO 2.6 does
// (writer.h, ClfFlavor::smpte_st2136_1): a default namespace on <ProcessList>, compCLFversion="3"
// (so CLF v3 readers such as OpenColorIO 2.1 read it too), the id attribute and <Id> element the
// same urn:uuid. The reader accepts both that form and prefixed documents whose compCLFversion is
// "ST2136-1:2024".
#pragma once

#include <string>
#include <string_view>

namespace aceslab::aces {

constexpr std::string_view kSt2136Namespace = "http://www.smpte-ra.org/ns/2136-1/2024";
constexpr std::string_view kSt2136NamespacePrefix = "http://www.smpte-ra.org/ns/2136-1/";
constexpr std::string_view kSt2136Version = "ST2136-1:2024";
constexpr std::string_view kAcademyClfNamespace = "urn:AMPAS:CLF:v3.0";

// True for "urn:uuid:" followed by a UUID in its 8-4-4-4-12 hexadecimal form (RFC 4122 section 3),
// the form ST 2136-1 gives <Id>.
bool is_st2136_id(std::string_view id);

// The ST 2136-1 edition year a namespace names ("2024"), or empty when it is not ST 2136-1.
std::string st2136_namespace_year(std::string_view xmlns);

}  // namespace aceslab::aces
