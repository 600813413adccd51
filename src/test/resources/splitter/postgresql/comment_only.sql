-- nothing to do in this section; a merge revision
/* still; nothing */

-- ;
