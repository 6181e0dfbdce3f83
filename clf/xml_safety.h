// SPDX-License-Identifier: Apache-2.0
// The checks every XML document from outside passes before any XML parser sees it (pugixml,
// libxml2, or OpenColorIO's expat), shared by CLF, CTF, AMF and ASC CDL/CCC inputs. XML external
// entities (XXE) and entity expansion ("billion laughs") need a DTD, and none of these formats
// uses one, so:
//  - the text must be UTF-8 (or ASCII-compatible): UTF-16/32 and NUL bytes are refused, since
//    they would hide the markup from this check while a parser still reads it;
//  - a DOCTYPE with an internal subset ("[ ... ]") is refused, whatever it holds: looking for
//    <!ENTITY inside it would need to find where the subset ends, which comments and strings can
//    disguise ("<!-- ]> -->");
//  - a DOCTYPE naming an external DTD (SYSTEM / PUBLIC) is refused, or only tolerated when the
//    caller says its parsers never load it;
//  - elements may not nest deeper than a limit (deep nesting costs some parsers super-linear time),
//    nor be more numerous than a limit (each costs a parser memory out of proportion to its bytes).
// The scan is linear: markup is recognised with comments, CDATA sections, processing instructions
// and quoted attribute values skipped, so "<!DOCTYPE" inside a comment is not mistaken for one.
#pragma once

#include <string>
#include <string_view>

namespace aceslab::aces {

struct XmlSafetyOptions {
  int max_depth = 64;                 // element nesting (CLF needs 5, AMF 7)
  // Elements in all: each costs a parser far more memory than its bytes (20 MB of tiny CLF nodes
  // cost OpenColorIO 300 MB), while the data a LUT holds sits in a few large Array texts.
  long long max_elements = 1000000;
  bool tolerate_external_dtd = false;  // a DOCTYPE with SYSTEM/PUBLIC and no internal subset
};

// Throws aceslab::Error (invalid_input) naming `path`, the line and the construct.
void check_untrusted_xml(std::string_view xml, const std::string& path, const XmlSafetyOptions& options = {});

}  // namespace aceslab::aces
