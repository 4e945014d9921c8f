package io.sextant.catalog;

import java.util.List;

/**
 * Where the trusted verified queries come from, for the semantic index: the curation store when
 * there is one (it imports the model's first), else the model file's.
 */
public interface VerifiedQuerySource {

    /** The verified queries to index for this model. */
    List<SemanticModel.VerifiedQuery> verifiedQueries(SemanticModel model);
}
