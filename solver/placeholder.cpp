// SPDX-License-Identifier: Apache-2.0
// Placeholder so the library has a translation unit until its first real source lands; delete then.
namespace aceslab { int solver_placeholder = 0; }
