"""What the pager (`_macros.pager`) reads of a page of anything besides its `has_next`."""


class PageNumbers:
    page: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
