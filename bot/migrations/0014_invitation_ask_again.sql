-- Issue 14: "maybe later" to an invitation stores when to ask again (staff see it).
ALTER TABLE champion_responses ADD COLUMN ask_again TEXT;
