-- Search at a million cases, part 3 (issue 11). The scope GIN index of 0016 narrows a search to recent weeks by
-- intersecting the week's posting lists with the word's: for a word in 2.5 % of the cases that still reads all
-- 25,000 of the word's postings and ~35,000 of two weeks' to find the ~800 matches of those weeks (the GIN scan
-- alone was 30–60 ms of CPU at load 5). Here each word of a document is also indexed as "<week>:<word>"
-- (2968:假货), so a window of weeks asks for exactly its own postings ('2968:假货' | '2967:假货'): the work is
-- the matches of the window, whatever the word's frequency overall. An expression index, not a column: nothing
-- more is stored in the table and it stays current in the transaction that writes the document, as any index.
-- Only the lexemes are kept (no positions): phrases are checked on the window's rows against doc itself.
-- ':' never occurs in a lexeme (src/text/search-doc.ts keeps letters and digits only), so no word of one week can
-- be mistaken for another week's.
CREATE FUNCTION case_search_week_doc(doc tsvector, week integer) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT array_to_tsvector(ARRAY(SELECT week::text || ':' || l FROM unnest(tsvector_to_array(doc)) AS l)) $$;
CREATE INDEX case_search_week_doc_idx ON case_search
  USING gin (platform_tenant_id, respondent_tenant_id, ops_tenant_id, case_search_week_doc(doc, created_week));
