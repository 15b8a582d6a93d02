#include "core/SiteJson.h"

#include "gtest/gtest.h"

using namespace maplens;

static LoopSite sampleSite() {
  LoopSite S;
  S.Id = "0123456789abcdef";
  S.File = "/src/a.cpp";
  S.ProjectFile = "a.cpp";
  S.Line = 12;
  S.Column = 3;
  S.Kind = LoopKind::IteratorLoop;
  S.ContainerWritten = "Index";
  S.ContainerCanonical = "std::map<int, int>";
  S.Family = ContainerFamily::OrderedTree;
  S.Binding = ElementBinding::Iterator;
  S.InMacro = true;
  S.InTemplate = true;
  S.Rewritable = false;
  S.Skip = SkipReason::MacroExpansion;
  S.Function = "ns::f";
  S.Text = "for (auto it = m.begin(); it != m.end(); ++it)";
  return S;
}

TEST(SiteJson, RoundTrip) {
  std::string Doc = sitesDocumentToString({sampleSite()});
  llvm::Expected<std::vector<LoopSite>> Back = parseSitesDocument(Doc, "x.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->size(), 1u);
  const LoopSite &S = (*Back)[0];
  LoopSite E = sampleSite();
  EXPECT_EQ(S.Id, E.Id);
  EXPECT_EQ(S.File, E.File);
  EXPECT_EQ(S.Line, E.Line);
  EXPECT_EQ(S.Column, E.Column);
  EXPECT_EQ(S.Kind, E.Kind);
  EXPECT_EQ(S.ContainerWritten, E.ContainerWritten);
  EXPECT_EQ(S.ContainerCanonical, E.ContainerCanonical);
  EXPECT_EQ(S.Family, E.Family);
  EXPECT_EQ(S.Binding, E.Binding);
  EXPECT_EQ(S.InMacro, E.InMacro);
  EXPECT_EQ(S.InTemplate, E.InTemplate);
  EXPECT_EQ(S.Rewritable, E.Rewritable);
  EXPECT_EQ(S.Skip, E.Skip);
  EXPECT_EQ(S.Text, E.Text);
  // Version first, as documented.
  EXPECT_EQ(Doc.find("\"version\": 1"), Doc.find('"'));
}

static std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<std::vector<LoopSite>> R = parseSitesDocument(Text, "in.json");
  if (R)
    return "";
  return llvm::toString(R.takeError());
}

TEST(SiteJson, RejectsForeignAndBrokenDocuments) {
  EXPECT_NE(errorOf("{\"version\": 1, \"sites\": ["), "");
  EXPECT_NE(errorOf("{\"version\": 1, \"sites\": [").find("in.json: not valid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf("{\"traceEvents\": []}").find("not a maplens sites document"),
            std::string::npos);
  EXPECT_NE(errorOf("{\"version\": 2, \"sites\": []}").find("unsupported sites document version 2"),
            std::string::npos);
  EXPECT_NE(errorOf("{\"version\": 1, \"sites\": [{\"id\": \"x\"}]}").find("site 0: field 'file'"),
            std::string::npos);
  EXPECT_EQ(errorOf("{\"version\": 1, \"sites\": []}"), "");
}
